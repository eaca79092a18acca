"""Believable desk data for the GUI tests and the screenshots (aliases and ages only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from advisor_app.domain.models import Booking, BookingState, CallRequest, CallRequestState

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
