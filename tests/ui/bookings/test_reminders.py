"""Tray reminders before appointments, on the platform's clock (a fake desktop clock here)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

from advisor_app.domain.models import BookingState
from tests.ui import demo_data
from tests.ui.conftest import FakeTime
from ui.advisor_clock import AdvisorClock
from ui.bookings.reminders import AppointmentReminders
from ui.desk_bridge import DeskBridge


def test_reminders_come_once_an_hour_and_ten_minutes_before(qtbot, fake_time: FakeTime) -> None:
    booking = next(b for b in demo_data.bookings() if b.state is BookingState.CONFIRMED)
    assert booking.confirmed_slot is not None
    start = booking.confirmed_slot
    shown: list[tuple[str, str]] = []
    bridge = DeskBridge()
    clock = AdvisorClock(ZoneInfo("Europe/Berlin"), local_now=fake_time)
    reminders = AppointmentReminders(
        bridge, clock, lambda t, x: shown.append((t, x)), check_ms=60_000
    )
    fake_time.now = start - timedelta(minutes=61)
    bridge.bookings_changed((booking,))
    assert shown == []
    fake_time.now = start - timedelta(minutes=60)
    reminders.check()
    fake_time.now = start - timedelta(minutes=30)
    reminders.check()
    fake_time.now = start - timedelta(minutes=10)
    reminders.check()
    reminders.check()
    assert [title for title, _ in shown] == [
        f"Appointment with {booking.alias} in 1 h",
        f"Appointment with {booking.alias} in 10 min",
    ]
    assert clock.moment(start) in shown[0][1]
    assert "CET" in shown[0][1]


def test_the_clock_offset_moves_reminders_not_the_desktop(qtbot, fake_time: FakeTime) -> None:
    booking = next(b for b in demo_data.bookings() if b.state is BookingState.CONFIRMED)
    assert booking.confirmed_slot is not None
    shown: list[tuple[str, str]] = []
    bridge = DeskBridge()
    # The desktop is 8 minutes slow: the platform is already 10 minutes before the start.
    clock = AdvisorClock(ZoneInfo("Europe/Berlin"), local_now=fake_time, offset_seconds=8 * 60)
    AppointmentReminders(bridge, clock, lambda t, x: shown.append((t, x)), check_ms=60_000)
    fake_time.now = booking.confirmed_slot - timedelta(minutes=18)
    bridge.bookings_changed((booking, replace(booking, id="other", state=BookingState.CANCELLED)))
    assert [title for title, _ in shown] == [f"Appointment with {booking.alias} in 10 min"]
