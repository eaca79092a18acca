"""The platform's appointment rules as pure functions of (booking, the platform's now).

Every rule in `PLATFORM-RULES.md` about booked calls lives here, so the booking details, the Call
button, the reminders, the running call's guard and the tests all read the same answer:

- the advisor may call from `CALL_WINDOW_OPENS` before the booked start, once the booking is
  confirmed and paid, until the booked end;
- no answer within `NO_ANSWER_GRACE` after the booked start makes the appointment used (no-show);
- the call is cut at the booked end (start + booked duration) however late it began, with
  warnings `WARNINGS_BEFORE_END` ahead;
- reminders come `REMINDER_LEADS` before each confirmed appointment.

`now` is always the platform's clock (`ServerClock.now_server()`), never the desktop's. All times
are aware UTC instants, so the advisor's time zone (and its daylight-saving changes) only matter
when a time is shown, never when a rule is evaluated. No I/O, no Qt.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from advisor_app.domain.models import Booking, BookingState, EndReason

# "From a few minutes before the start" the advisor may call (issue 6).
CALL_WINDOW_OPENS = timedelta(minutes=10)
# Platform rules: no answer within 15 minutes after the booked start counts as used.
NO_ANSWER_GRACE = timedelta(minutes=15)
# Warnings before the booked end, largest first (issue 6: 5 minutes and 1 minute).
WARNINGS_BEFORE_END = (timedelta(minutes=5), timedelta(minutes=1))
# Tray reminders before a confirmed appointment, largest first.
REMINDER_LEADS = (timedelta(hours=1), timedelta(minutes=10))


@dataclass(frozen=True, slots=True)
class AppointmentTimes:
    """The instants one confirmed appointment is ruled by (aware, UTC)."""

    start: datetime
    end: datetime  # start + booked duration: the hard end, late answers do not move it
    call_window_opens: datetime
    no_show_deadline: datetime

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


def appointment_times(booking: Booking) -> AppointmentTimes | None:
    """The rule instants of a booking with a confirmed slot; None for a mere request."""
    start = booking.confirmed_slot
    if start is None:
        return None
    _require_aware(start)
    return AppointmentTimes(
        start=start,
        end=start + timedelta(minutes=booking.duration_minutes),
        call_window_opens=start - CALL_WINDOW_OPENS,
        no_show_deadline=start + NO_ANSWER_GRACE,
    )


class CallBlock(enum.StrEnum):
    """Why the advisor cannot call a booking right now (None when they can)."""

    NOT_CONFIRMED = "not_confirmed"  # a request, declined, cancelled, completed or no-show
    NOT_PAID = "not_paid"  # payment is confirmed before the call starts
    TOO_EARLY = "too_early"  # the call window is not open yet
    OVER = "over"  # the booked time has ended
    IN_CALL = "in_call"  # a call for this booking is already open


@dataclass(frozen=True, slots=True)
class CallPermission:
    """Whether Call is enabled, why not, and when it opens (for a `TOO_EARLY` countdown)."""

    block: CallBlock | None
    opens_at: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.block is None


def may_call(booking: Booking, now: datetime) -> CallPermission:
    """Whether the advisor may start the booked call at `now` (the platform's time)."""
    _require_aware(now)
    if booking.state is BookingState.IN_CALL:
        return CallPermission(CallBlock.IN_CALL)
    times = appointment_times(booking)
    if booking.state is not BookingState.CONFIRMED or times is None:
        return CallPermission(CallBlock.NOT_CONFIRMED)
    if now >= times.end:
        return CallPermission(CallBlock.OVER)
    if now < times.call_window_opens:
        # Checked before payment: an early unpaid booking reads "opens at …", then "not paid".
        return CallPermission(CallBlock.TOO_EARLY, times.call_window_opens)
    if not booking.paid:
        return CallPermission(CallBlock.NOT_PAID)
    return CallPermission(None)


class AppointmentPhase(enum.StrEnum):
    """Where a confirmed appointment stands in time, for its countdown line."""

    UPCOMING = "upcoming"  # before the call window
    CALL_WINDOW = "call_window"  # the advisor may call; the start is near
    RUNNING = "running"  # between the booked start and the booked end
    OVER = "over"  # the booked end has passed


def appointment_phase(times: AppointmentTimes, now: datetime) -> AppointmentPhase:
    _require_aware(now)
    if now >= times.end:
        return AppointmentPhase.OVER
    if now >= times.start:
        return AppointmentPhase.RUNNING
    if now >= times.call_window_opens:
        return AppointmentPhase.CALL_WINDOW
    return AppointmentPhase.UPCOMING


# -- a running booked call ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeepGoing:
    """Nothing to do now."""


@dataclass(frozen=True, slots=True)
class WarnBeforeEnd:
    """Tell the advisor the booked end is `minutes` away (5 or 1)."""

    minutes: int


@dataclass(frozen=True, slots=True)
class EndBookedCall:
    """End the call now with this reason (`booked_end` or `no_answer`)."""

    reason: EndReason


CallDuty = KeepGoing | WarnBeforeEnd | EndBookedCall


def booked_call_duty(
    times: AppointmentTimes,
    now: datetime,
    *,
    call_created_at: datetime,
    connected: bool,
    warned: Iterable[int] = (),
) -> CallDuty:
    """What the rules ask of a running booked call at `now`.

    - At or after the booked end: end it (`booked_end`), connected or not.
    - Still not answered at the no-show deadline, for a call that was ringing before it: end it
      (`no_answer`; the appointment counts as used). A call the advisor only started after the
      deadline is not the customer's fault and just rings out.
    - Connected, within a warning's lead of the end and not yet warned (`warned` holds minutes
      already shown): warn with the shortest lead that is due, so a call joined at 40 s left
      says "1 minute" once rather than "5 minutes" and then "1 minute".
    """
    _require_aware(now)
    _require_aware(call_created_at)
    if now >= times.end:
        return EndBookedCall(EndReason.BOOKED_END)
    if not connected:
        if now >= times.no_show_deadline and call_created_at < times.no_show_deadline:
            return EndBookedCall(EndReason.NO_ANSWER)
        return KeepGoing()
    shown = set(warned)
    left = times.end - now
    due = [lead for lead in WARNINGS_BEFORE_END if left <= lead]
    if due:
        minutes = _whole_minutes(min(due))
        if minutes not in shown:
            return WarnBeforeEnd(minutes)
    return KeepGoing()


def warnings_covered_by(minutes: int) -> frozenset[int]:
    """The warnings a shown warning makes obsolete: itself and every longer lead."""
    return frozenset(
        _whole_minutes(lead) for lead in WARNINGS_BEFORE_END if _whole_minutes(lead) >= minutes
    )


def time_left(times: AppointmentTimes, now: datetime) -> timedelta:
    """Time until the booked end (never negative): what the call window shows."""
    _require_aware(now)
    return max(timedelta(0), times.end - now)


# -- reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reminder:
    """A tray reminder that is due: `lead` before the booking's start."""

    booking: Booking
    lead: timedelta
    starts_at: datetime

    @property
    def key(self) -> tuple[str, timedelta]:
        return (self.booking.id, self.lead)


def due_reminders(
    bookings: Iterable[Booking], now: datetime, sent: Iterable[tuple[str, timedelta]]
) -> list[Reminder]:
    """Reminders to show now: one per confirmed appointment whose lead has come.

    Only the shortest due lead is returned (an app started 5 minutes before an appointment says
    so once, not also "in an hour"); `sent` holds `Reminder.key`s already shown, and a longer
    lead counts as sent once a shorter one was. Nothing for an appointment that has begun.
    """
    _require_aware(now)
    shown = set(sent)
    due: list[Reminder] = []
    for booking in bookings:
        times = appointment_times(booking)
        if booking.state is not BookingState.CONFIRMED or times is None or now >= times.start:
            continue
        leads = [lead for lead in REMINDER_LEADS if now >= times.start - lead]
        if not leads:
            continue
        shortest = min(leads)
        if any((booking.id, lead) in shown for lead in REMINDER_LEADS if lead <= shortest):
            continue
        due.append(Reminder(booking, shortest, times.start))
    return due


def reminder_keys_covered(reminder: Reminder) -> set[tuple[str, timedelta]]:
    """What to add to `sent` after showing `reminder`: its lead and every longer one."""
    return {(reminder.booking.id, lead) for lead in REMINDER_LEADS if lead >= reminder.lead}


def _whole_minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _require_aware(moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time without a time zone is ambiguous; rules run on UTC instants")
