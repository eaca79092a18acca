"""The billing rules as pure functions: start, confirmed media, end of the bill, who says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from platform_server.call_billing import (
    ClaimRefusedError,
    PartyMedia,
    billed_seconds,
    billed_until,
    billing_start,
    booking_outcome,
    check_claim,
    confirmed_until,
    silent,
)

T0 = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def beating(first: float | None, last: float | None) -> PartyMedia:
    return PartyMedia(
        first_media_at=None if first is None else at(first),
        last_media_at=None if last is None else at(last),
    )


def test_billing_starts_with_the_later_first_confirmation() -> None:
    assert billing_start(beating(3, 9), beating(5, 9)) == at(5)
    assert billing_start(beating(3, 9), beating(None, None)) is None
    assert billing_start(PartyMedia(), beating(1, 2)) is None


def test_confirmed_media_ends_with_the_earlier_last_confirmation() -> None:
    assert confirmed_until(beating(0, 40), beating(0, 36)) == at(36)


@pytest.mark.parametrize(
    ("media_until", "end", "decided", "expected"),
    [
        (40, 60, None, 40),  # the platform's own end: to the last confirmed media
        (40, 30, None, 30),  # or to the end, whichever is earlier
        (40, 60, 45, 45),  # a party's decided second, after the last media
        (40, 60, 38, 38),  # never past the decided second
        (40, 60, 70, 60),  # never past the platform's end
        (40, 90, 75, 60),  # at most 20 s past the last confirmed media
        (40, 60, -5, 0),  # never before the start
    ],
)
def test_where_the_bill_ends(
    media_until: float | None, end: float, decided: float | None, expected: float
) -> None:
    until = billed_until(
        at(0),
        None if media_until is None else at(media_until),
        at(end),
        None if decided is None else at(decided),
    )
    assert until == at(expected)


def test_a_call_that_never_started_bills_nothing() -> None:
    assert billed_until(None, at(40), at(60), at(50)) is None
    assert billed_seconds(None, None) == 0
    assert billed_seconds(at(0), at(59.99)) == 59


def test_silence_limit_is_20_seconds() -> None:
    assert not silent(19.9)
    assert silent(20.0)


@pytest.mark.parametrize(
    ("role", "reason", "allowed"),
    [
        ("advisor", "hangup", True),
        ("advisor", "abuse", True),
        ("advisor", "unverified", True),
        ("advisor", "bandwidth", True),
        ("advisor", "error", True),
        ("customer", "hangup", True),
        ("customer", "error", True),
        ("customer", "bandwidth", True),
        ("customer", "abuse", False),
        ("customer", "unverified", True),  # its side found the code's commitment broken
        *[
            (role, reason, False)
            for role in ("advisor", "customer")
            for reason in ("booked_end", "no_answer", "no_show", "connection_lost")
        ],
    ],
)
def test_who_may_say_why(role: str, reason: str, allowed: bool) -> None:
    if allowed:
        check_claim(role, reason)
    else:
        with pytest.raises(ClaimRefusedError):
            check_claim(role, reason)


@pytest.mark.parametrize(
    ("reason", "answered", "outcome"),
    [
        ("hangup", True, "completed"),
        ("abuse", True, "completed"),
        ("booked_end", True, "completed"),
        ("hangup", False, "confirmed"),  # hung up before anyone answered: call again
        ("abuse", False, "confirmed"),
        ("booked_end", False, "confirmed"),
        ("no_answer", False, "no_show"),
        ("connection_lost", True, "confirmed"),
        ("bandwidth", True, "confirmed"),
        ("unverified", True, "confirmed"),
        ("error", True, "confirmed"),
    ],
)
def test_the_booking_outcome_follows_the_record(reason: str, answered: bool, outcome: str) -> None:
    assert booking_outcome(reason, answered) == outcome
