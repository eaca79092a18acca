"""Whole sequences of the call state machine, including failures and hang-ups from either side."""

from __future__ import annotations

import logging

import pytest

from advisor_app.call.listener import CallPhase
from advisor_app.call.state import (
    Accepted,
    CallEnd,
    CallEvent,
    CallStateMachine,
    CallStatus,
    CleanedUp,
    EndRequested,
    MediaConnected,
)
from advisor_app.domain.models import EndReason

ADVISOR_HANGUP = CallEnd(EndReason.HANGUP, "advisor", "You hung up.")
CUSTOMER_HANGUP = CallEnd(EndReason.HANGUP, "customer", "The customer hung up.")
TIMEOUT = CallEnd(EndReason.ERROR, "advisor", "The connection could not be set up.")
PLATFORM_END = CallEnd(EndReason.ERROR, "platform", "The platform ended the call.")


def run(events: list[CallEvent]) -> list[CallStatus]:
    seen: list[CallStatus] = []
    machine = CallStateMachine(seen.append, call_id="call_1")
    for event in events:
        machine.handle(event)
    return seen


def phases(statuses: list[CallStatus]) -> list[CallPhase]:
    return [status.phase for status in statuses]


def test_normal_call_hung_up_by_the_advisor() -> None:
    seen = run([Accepted(), MediaConnected(), EndRequested(ADVISOR_HANGUP), CleanedUp()])
    assert phases(seen) == [
        CallPhase.CONNECTING,
        CallPhase.IN_CALL,
        CallPhase.ENDING,
        CallPhase.ENDED,
    ]
    assert seen[-1].end == ADVISOR_HANGUP


def test_customer_hang_up_wins_over_a_later_local_one() -> None:
    seen = run(
        [
            Accepted(),
            MediaConnected(),
            EndRequested(CUSTOMER_HANGUP),
            EndRequested(ADVISOR_HANGUP),
            MediaConnected(),
            CleanedUp(),
        ]
    )
    assert phases(seen) == [
        CallPhase.CONNECTING,
        CallPhase.IN_CALL,
        CallPhase.ENDING,
        CallPhase.ENDED,
    ]
    assert seen[-1].end == CUSTOMER_HANGUP


def test_setup_timeout_never_reaches_in_call() -> None:
    seen = run([Accepted(), EndRequested(TIMEOUT), MediaConnected(), CleanedUp()])
    assert phases(seen) == [CallPhase.CONNECTING, CallPhase.ENDING, CallPhase.ENDED]
    assert seen[-1].end == TIMEOUT


def test_platform_ends_while_ringing() -> None:
    seen = run([EndRequested(PLATFORM_END), Accepted(), CleanedUp()])
    assert phases(seen) == [CallPhase.ENDING, CallPhase.ENDED]
    assert seen[-1].end is not None
    assert seen[-1].end.by == "platform"


def test_cleanup_without_a_reason_is_an_error_end() -> None:
    seen = run([Accepted(), CleanedUp()])
    assert phases(seen) == [CallPhase.CONNECTING, CallPhase.ENDED]
    assert seen[-1].end is not None
    assert seen[-1].end.reason is EndReason.ERROR


def test_nothing_happens_after_ended() -> None:
    seen = run([Accepted(), EndRequested(ADVISOR_HANGUP), CleanedUp()])
    more = CallStateMachine(seen.append, initial=CallPhase.ENDED)
    for event in (Accepted(), MediaConnected(), EndRequested(CUSTOMER_HANGUP), CleanedUp()):
        assert more.handle(event) is False
    assert len(seen) == 3


@pytest.mark.parametrize("initial", list(CallPhase))
def test_repeated_events_notify_once(initial: CallPhase) -> None:
    seen: list[CallStatus] = []
    machine = CallStateMachine(seen.append, initial=initial)
    for _ in range(3):
        machine.handle(Accepted())
        machine.handle(MediaConnected())
    assert len(seen) == len(set(seen))


def test_transitions_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="advisor_app.call.state"):
        run([Accepted(), MediaConnected(), EndRequested(CUSTOMER_HANGUP)])
    assert "ringing -> connecting" in caplog.text
    assert "connecting -> in_call" in caplog.text
    assert "in_call -> ending (hangup, by customer)" in caplog.text


def test_ending_flag() -> None:
    machine = CallStateMachine(lambda _status: None)
    assert not machine.ending
    machine.handle(EndRequested(ADVISOR_HANGUP))
    assert machine.ending
