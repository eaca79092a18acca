"""Believable desk data for the GUI tests and the screenshots (aliases and ages only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from advisor_app.domain.models import (
    Booking,
    BookingState,
    Call,
    CallEvent,
    CallKind,
    CallRequest,
    CallRequestState,
    CallState,
    EndReason,
    Role,
)
from advisor_app.history import CallEventKind, CallRecord

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def request(
    request_id: str = "req_1",
    alias: str = "Mia",
    age: int = 34,
    waited_s: float = 12,
    state: CallRequestState = CallRequestState.RINGING,
    now: datetime = NOW,
) -> CallRequest:
    return CallRequest(
        id=request_id,
        advisor_id="acc_1",
        alias=alias,
        age=age,
        state=state,
        created_at=now - timedelta(seconds=waited_s),
        answered_at=None,
        decline_reason=None,
        call_id=None,
    )


def booking(
    booking_id: str,
    alias: str,
    age: int,
    state: BookingState,
    wished_in_h: tuple[float, ...],
    *,
    confirmed_in_h: float | None = None,
    duration: int = 30,
    paid: bool = False,
    text: str = "",
    now: datetime = NOW,
) -> Booking:
    return Booking(
        id=booking_id,
        advisor_id="acc_1",
        alias=alias,
        age=age,
        wished_slots=tuple(now + timedelta(hours=h) for h in wished_in_h),
        duration_minutes=duration,
        request_text=text,
        state=state,
        confirmed_slot=now + timedelta(hours=confirmed_in_h)
        if confirmed_in_h is not None
        else None,
        paid=paid,
        decline_reason=None,
        created_at=now - timedelta(days=1),
        updated_at=now - timedelta(hours=2),
    )


def bookings(now: datetime = NOW) -> tuple[Booking, ...]:
    return (
        booking(
            "bkg_1",
            "Jonas",
            41,
            BookingState.REQUESTED,
            (26, 50, 74),
            duration=45,
            text="Seit dem Umzug fühle ich mich beruflich festgefahren. Ich möchte besprechen, "
            "ob ein Wechsel in die Selbstständigkeit für mich sinnvoll ist.",
            now=now,
        ),
        booking(
            "bkg_2",
            "Lea",
            29,
            BookingState.CONFIRMED,
            (2.5, 5),
            confirmed_in_h=2.5,
            paid=True,
            text="Beziehungsfragen: wir streiten oft über Kleinigkeiten. Wie können wir "
            "wieder besser miteinander reden?",
            now=now,
        ),
        booking(
            "bkg_3",
            "Sophie",
            52,
            BookingState.CONFIRMED,
            (28,),
            confirmed_in_h=28,
            duration=60,
            text="Ich stehe vor einer Entscheidung über die Pflege meiner Mutter.",
            now=now,
        ),
        booking(
            "bkg_4",
            "Ben",
            23,
            BookingState.REQUESTED,
            (4, 6),
            duration=15,
            text="Kurze Frage zur Prüfungsangst vor dem Staatsexamen.",
            now=now,
        ),
        booking(
            "bkg_5",
            "Karin",
            67,
            BookingState.COMPLETED,
            (-30,),
            confirmed_in_h=-30,
            paid=True,
            text="Trauerbegleitung nach dem Verlust meines Mannes.",
            now=now,
        ),
        booking(
            "bkg_6",
            "Tom",
            36,
            BookingState.CANCELLED,
            (-5,),
            duration=30,
            text="Work-Life-Balance im neuen Job.",
            now=now,
        ),
    )


def past_call(
    call_id: str,
    alias: str,
    age: int,
    *,
    hours_ago: float,
    minutes: float,
    reason: EndReason,
    ended_by: str,
    kind: CallKind = CallKind.LIVE,
    events: tuple[tuple[float, CallEventKind], ...] = (),
    now: datetime = NOW,
) -> CallRecord:
    """A call that ended `hours_ago`, billed for its `minutes`; events at minutes into it."""
    started = now - timedelta(hours=hours_ago)
    ended = started + timedelta(minutes=minutes)
    call = Call(
        id=call_id, kind=kind, request_id=None, booking_id=None, advisor_id="adv_1", alias=alias,
        age=age, state=CallState.ENDED, created_at=started - timedelta(seconds=20),
        started_at=started, ended_at=ended, end_reason=reason, ended_by=ended_by,
        billed_seconds=round(minutes * 60), billed_until=ended,
    )  # fmt: skip
    recorded = tuple(
        CallEvent(f"{call_id}_e{n}", call_id, started + timedelta(minutes=at), Role.ADVISOR, k, "")
        for n, (at, k) in enumerate(events)
    )
    return CallRecord(call, recorded)


def call_history(now: datetime = NOW) -> tuple[CallRecord, ...]:
    """Yesterday's and today's calls, newest first, as the History tab lists them."""
    return (
        past_call(
            "call_3", "Karin", 47, hours_ago=1.5, minutes=30, reason=EndReason.BOOKED_END,
            ended_by="platform", kind=CallKind.BOOKED, now=now,
            events=(
                (0.5, CallEventKind.IDENTITY_VERIFIED),
                (12, CallEventKind.VIDEO_PAUSED),
                (13.5, CallEventKind.VIDEO_RESUMED),
                (25, CallEventKind.BOOKED_END_WARNING),
            ),
        ),
        past_call(
            "call_2", "Ben", 38, hours_ago=20, minutes=12.4, reason=EndReason.HANGUP,
            ended_by="customer", now=now,
        ),
        past_call(
            "call_1", "Tom", 61, hours_ago=23, minutes=3.1, reason=EndReason.BANDWIDTH,
            ended_by="platform", now=now, events=((2.9, CallEventKind.ENDED_BANDWIDTH),),
        ),
    )  # fmt: skip
