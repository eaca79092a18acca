"""Every sentence the call window says, checked without widgets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from advisor_app.call.listener import CallPhase
from advisor_app.domain.models import Call, CallKind, CallState, EndReason
from ui.call.texts import (
    billed_text,
    end_reason_text,
    format_duration,
    format_timer,
    initials,
    phase_text,
)


def ended(reason: EndReason | None, by: str | None, billed: int = 151) -> Call:
    now = datetime(2026, 5, 9, 12, 0, tzinfo=UTC)
    return Call(
        id="c1", kind=CallKind.LIVE, request_id="r1", booking_id=None, advisor_id="a1",
        alias="Mia", age=34, state=CallState.ENDED, created_at=now, started_at=now, ended_at=now,
        end_reason=reason, ended_by=by, billed_seconds=billed,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("seconds", "timer", "duration"),
    [
        (0, "00:00", "0:00"),
        (-5, "00:00", "0:00"),
        (59.9, "00:59", "0:59"),
        (151, "02:31", "2:31"),
        (3599, "59:59", "59:59"),
        (3723, "1:02:03", "1:02:03"),
    ],
)
def test_times(seconds: float, timer: str, duration: str) -> None:
    assert format_timer(seconds) == timer
    assert format_duration(seconds) == duration


@pytest.mark.parametrize(
    ("alias", "letters"),
    [("Mia", "M"), ("mia sommer", "MS"), ("  Anna  Lena Berg ", "AB"), ("", "?"), ("!!", "?")],
)
def test_initials(alias: str, letters: str) -> None:
    assert initials(alias) == letters


def test_phase_texts_name_the_customer() -> None:
    assert phase_text(CallPhase.CONNECTING, "Mia") == "Connecting to Mia…"
    assert phase_text(CallPhase.ENDED, "Mia") == "Call ended"


@pytest.mark.parametrize(
    ("reason", "call", "text"),
    [
        ("You ended the call.", ended(EndReason.HANGUP, "advisor"), "You hung up"),
        ("", ended(EndReason.HANGUP, "customer"), "Mia hung up"),
        ("hangup", ended(EndReason.HANGUP, "platform"), "The platform ended the call"),
        ("bandwidth", None, "The connection was too slow"),
        ("", ended(EndReason.BOOKED_END, "platform"), "The booked time is over"),
        ("signalling failed: timeout", ended(EndReason.ERROR, "advisor"),
         "Signalling failed: timeout"),
        ("", None, "The call has ended"),
    ],
)  # fmt: skip
def test_end_reasons(reason: str, call: Call | None, text: str) -> None:
    assert end_reason_text(reason, call, "Mia") == text


def test_billed_text() -> None:
    assert billed_text(ended(EndReason.HANGUP, "advisor", billed=151)) == "Billed 2:31"
    assert billed_text(ended(EndReason.ERROR, "platform", billed=0)).startswith("Not billed")
    assert "could not be fetched" in billed_text(None)
