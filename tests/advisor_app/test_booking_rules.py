"""The appointment rules, with a fake clock: call window, payment, no-show, hard end, warnings,
reminders; a desktop clock that is minutes off; time zones and daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from advisor_app.domain.booking_rules import (
    AppointmentPhase,
    CallBlock,
    EndBookedCall,
    KeepGoing,
    WarnBeforeEnd,
    appointment_phase,
    appointment_times,
    booked_call_duty,
    due_reminders,
    may_call,
    reminder_keys_covered,
    time_left,
    warnings_covered_by,
)
from advisor_app.domain.models import Booking, BookingState, EndReason
from advisor_app.domain.server_clock import ServerClock

START = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
MIN = timedelta(minutes=1)


def booking(
    *,
    state: BookingState = BookingState.CONFIRMED,
    slot: datetime | None = START,
    paid: bool = True,
    minutes: int = 45,
    booking_id: str = "bkg_1",
) -> Booking:
    return Booking(
        id=booking_id,
        advisor_id="acc_adv",
        alias="Mia",
        age=34,
        wished_slots=(START,),
        duration_minutes=minutes,
        request_text="Beruf",
        state=state,
        confirmed_slot=slot,
        paid=paid,
        decline_reason=None,
        created_at=START - timedelta(days=3),
        updated_at=START - timedelta(days=2),
    )


def times_of(b: Booking):
    times = appointment_times(b)
    assert times is not None
    return times


# -- the instants ---------------------------------------------------------------------------


def test_times_follow_the_booked_duration() -> None:
    times = times_of(booking(minutes=45))
    assert times.end == START + 45 * MIN
    assert times.no_show_deadline == START + 15 * MIN
    assert times.call_window_opens == START - 10 * MIN
    assert times.duration == 45 * MIN
    assert times_of(booking(minutes=15)).end == START + 15 * MIN


def test_a_request_has_no_times() -> None:
    assert appointment_times(booking(state=BookingState.REQUESTED, slot=None)) is None


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        may_call(booking(), datetime(2026, 11, 21, 9, 30))


# -- may the advisor call? --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "block"),
    [
        (START - 11 * MIN, CallBlock.TOO_EARLY),
        (START - 10 * MIN - timedelta(seconds=1), CallBlock.TOO_EARLY),
        (START - 10 * MIN, None),
        (START, None),
        (START + 30 * MIN, None),  # late, but before the booked end
        (START + 45 * MIN - timedelta(seconds=1), None),
        (START + 45 * MIN, CallBlock.OVER),
    ],
)
def test_the_call_window(now: datetime, block: CallBlock | None) -> None:
    permission = may_call(booking(), now)
    assert permission.block is block
    assert permission.allowed is (block is None)


def test_too_early_says_when_it_opens() -> None:
    assert may_call(booking(), START - 2 * 60 * MIN).opens_at == START - 10 * MIN


def test_payment_is_confirmed_before_the_call() -> None:
    assert may_call(booking(paid=False), START).block is CallBlock.NOT_PAID


@pytest.mark.parametrize(
    ("state", "block"),
    [
        (BookingState.REQUESTED, CallBlock.NOT_CONFIRMED),
        (BookingState.DECLINED, CallBlock.NOT_CONFIRMED),
        (BookingState.CANCELLED, CallBlock.NOT_CONFIRMED),
        (BookingState.COMPLETED, CallBlock.NOT_CONFIRMED),
        (BookingState.NO_SHOW, CallBlock.NOT_CONFIRMED),
        (BookingState.IN_CALL, CallBlock.IN_CALL),
    ],
)
def test_only_a_confirmed_booking_can_be_called(state: BookingState, block: CallBlock) -> None:
    assert may_call(booking(state=state), START).block is block


@pytest.mark.parametrize(
    ("now", "phase"),
    [
        (START - 60 * MIN, AppointmentPhase.UPCOMING),
        (START - 5 * MIN, AppointmentPhase.CALL_WINDOW),
        (START, AppointmentPhase.RUNNING),
        (START + 44 * MIN, AppointmentPhase.RUNNING),
        (START + 45 * MIN, AppointmentPhase.OVER),
    ],
)
def test_phases(now: datetime, phase: AppointmentPhase) -> None:
    assert appointment_phase(times_of(booking()), now) is phase


# -- a running booked call ---------------------------------------------------------------------


def duty(now: datetime, *, created: datetime = START, connected: bool, warned=()):
    return booked_call_duty(
        times_of(booking()), now, call_created_at=created, connected=connected, warned=warned
    )


def test_no_answer_within_15_minutes_is_a_no_show() -> None:
    assert duty(START + 14 * MIN, connected=False) == KeepGoing()
    assert duty(START + 15 * MIN, connected=False) == EndBookedCall(EndReason.NO_ANSWER)


def test_a_call_started_after_the_deadline_is_not_the_customers_no_show() -> None:
    late = START + 20 * MIN
    assert duty(late + MIN, created=late, connected=False) == KeepGoing()


def test_a_late_answer_is_cut_at_the_booked_end() -> None:
    # Answered 10 minutes late: the end stays 45 minutes after the booked start.
    assert duty(START + 44 * MIN, created=START + 10 * MIN, connected=True) != EndBookedCall(
        EndReason.BOOKED_END
    )
    assert duty(START + 45 * MIN, created=START + 10 * MIN, connected=True) == EndBookedCall(
        EndReason.BOOKED_END
    )
    assert duty(START + 45 * MIN, connected=False) == EndBookedCall(EndReason.BOOKED_END)


def test_warnings_at_five_minutes_and_one_minute() -> None:
    assert duty(START + 39 * MIN, connected=True) == KeepGoing()
    assert duty(START + 40 * MIN, connected=True) == WarnBeforeEnd(5)
    assert duty(START + 41 * MIN, connected=True, warned=warnings_covered_by(5)) == KeepGoing()
    assert duty(START + 44 * MIN, connected=True, warned=warnings_covered_by(5)) == WarnBeforeEnd(1)
    assert duty(START + 44 * MIN + 30 * timedelta(seconds=1), connected=True, warned={5, 1}) == (
        KeepGoing()
    )


def test_joining_with_less_than_a_minute_left_warns_once() -> None:
    now = START + 44 * MIN + timedelta(seconds=20)
    assert duty(now, connected=True) == WarnBeforeEnd(1)
    assert warnings_covered_by(1) == {1, 5}
    assert duty(now, connected=True, warned=warnings_covered_by(1)) == KeepGoing()


def test_time_left_never_negative() -> None:
    times = times_of(booking())
    assert time_left(times, START + 40 * MIN) == 5 * MIN
    assert time_left(times, START + 50 * MIN) == timedelta(0)


# -- reminders ---------------------------------------------------------------------------------


def test_reminders_an_hour_and_ten_minutes_before() -> None:
    b = booking()
    assert due_reminders([b], START - 61 * MIN, set()) == []
    first = due_reminders([b], START - 60 * MIN, set())
    assert [r.lead for r in first] == [60 * MIN]
    sent = reminder_keys_covered(first[0])
    assert due_reminders([b], START - 30 * MIN, sent) == []
    second = due_reminders([b], START - 10 * MIN, sent)
    assert [r.lead for r in second] == [10 * MIN]
    sent |= reminder_keys_covered(second[0])
    assert due_reminders([b], START - 5 * MIN, sent) == []
    assert due_reminders([b], START + MIN, set()) == []  # begun: no reminder any more


def test_an_app_started_late_reminds_once() -> None:
    reminders = due_reminders([booking()], START - 5 * MIN, set())
    assert [r.lead for r in reminders] == [10 * MIN]
    assert reminder_keys_covered(reminders[0]) == {("bkg_1", 10 * MIN), ("bkg_1", 60 * MIN)}


def test_no_reminders_for_requests_or_finished_bookings() -> None:
    others = [
        booking(state=BookingState.REQUESTED, slot=None, booking_id="a"),
        booking(state=BookingState.CANCELLED, booking_id="b"),
        booking(state=BookingState.NO_SHOW, booking_id="c"),
    ]
    assert due_reminders(others, START - 5 * MIN, set()) == []


# -- the platform's clock, not the desktop's ----------------------------------------------------


class FakeDesktop:
    """A desktop clock that is `wrong_by` off the true time; `true_now` is moved by the test."""

    def __init__(self, true_now: datetime, wrong_by: timedelta) -> None:
        self.true_now = true_now
        self.wrong_by = wrong_by

    def __call__(self) -> datetime:
        return self.true_now + self.wrong_by


@pytest.mark.parametrize("wrong_by", [timedelta(minutes=-7), timedelta(minutes=12)])
def test_a_desktop_clock_wrong_by_minutes_does_not_move_the_rules(wrong_by: timedelta) -> None:
    desktop = FakeDesktop(START - 11 * MIN, wrong_by)
    # The desk measured the offset against the platform: server minus local.
    clock = ServerClock(-wrong_by.total_seconds(), local_now=desktop)
    assert not may_call(booking(), clock.now_server()).allowed  # 11 min before: too early
    assert may_call(booking(), desktop()).allowed is (wrong_by > timedelta(minutes=1))
    desktop.true_now = START - 10 * MIN
    assert may_call(booking(), clock.now_server()).allowed
    desktop.true_now = START + 15 * MIN
    assert booked_call_duty(
        times_of(booking()), clock.now_server(), call_created_at=START, connected=False
    ) == EndBookedCall(EndReason.NO_ANSWER)


# -- time zones --------------------------------------------------------------------------------


def test_the_rules_do_not_depend_on_the_zone_a_slot_was_written_in() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    in_cet = booking(slot=START.astimezone(berlin))
    in_utc = booking(slot=START)
    for now in (START - 10 * MIN, START + 15 * MIN, START + 45 * MIN):
        assert may_call(in_cet, now) == may_call(in_utc, now)
        assert appointment_times(in_cet) == appointment_times(in_utc)


def test_across_the_autumn_change_the_hard_end_is_45_real_minutes() -> None:
    # 25 Oct 2026: Berlin goes from CEST (UTC+2) to CET (UTC+1) at 01:00 UTC.
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)
    times = times_of(booking(slot=start))
    assert times.end - times.start == 45 * MIN
    assert ServerClock.format_for_advisor(times.start, berlin) == "Sun 25 Oct, 02:40 CEST"
    assert ServerClock.format_for_advisor(times.end, berlin) == "Sun 25 Oct, 02:25 CET"
    assert booked_call_duty(
        times, start + 45 * MIN, call_created_at=start, connected=True
    ) == EndBookedCall(EndReason.BOOKED_END)


def test_across_the_spring_change_reminders_come_an_hour_ahead_in_real_time() -> None:
    # 29 Mar 2026: Berlin skips from 02:00 CET to 03:00 CEST (01:00 UTC).
    start = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    b = booking(slot=start)
    assert due_reminders([b], start - 61 * MIN, set()) == []
    assert [r.lead for r in due_reminders([b], start - 60 * MIN, set())] == [60 * MIN]
    tokyo = ZoneInfo("Asia/Tokyo")
    assert ServerClock.format_for_advisor(start, tokyo) == "Sun 29 Mar, 10:30 JST"


def test_an_advisor_who_moves_zone_sees_the_same_instant() -> None:
    b = booking()
    shown_new_york = ServerClock.format_for_advisor(START, ZoneInfo("America/New_York"))
    shown_berlin = ServerClock.format_for_advisor(START, ZoneInfo("Europe/Berlin"))
    assert shown_new_york == "Sat 21 Nov, 04:30 EST"
    assert shown_berlin == "Sat 21 Nov, 10:30 CET"
    assert may_call(b, START) == may_call(b, START.astimezone(ZoneInfo("America/New_York")))
