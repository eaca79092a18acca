"""Tray reminders before each confirmed appointment (1 hour and 10 minutes ahead).

`booking_rules.due_reminders` decides on the platform's clock; this only remembers what was shown
(for this session) and shows it: a tray message where the desktop has a tray, else the notice bar.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer

from advisor_app.domain.booking_rules import Reminder, due_reminders, reminder_keys_covered
from advisor_app.domain.models import Booking
from advisor_app.domain.server_clock import format_duration
from ui.advisor_clock import AdvisorClock
from ui.desk_bridge import DeskBridge

CHECK_MS = 15_000  # reminders are minutes apart; a check every 15 s is on time enough

Notify = Callable[[str, str], None]  # (title, text)


class AppointmentReminders(QObject):
    def __init__(
        self,
        bridge: DeskBridge,
        clock: AdvisorClock,
        notify: Notify,
        parent: QObject | None = None,
        *,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._notify = notify
        self._bookings: tuple[Booking, ...] = ()
        self._sent: set[tuple[str, timedelta]] = set()
        bridge.bookings_updated.connect(self.show_bookings)
        bridge.session_ended.connect(lambda _reason: self.show_bookings(()))
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def show_bookings(self, bookings: tuple[Booking, ...]) -> None:
        self._bookings = tuple(bookings)
        self.check()

    def check(self) -> list[Reminder]:
        """Shows every reminder that is due now; returns them (for tests)."""
        due = due_reminders(self._bookings, self._clock.now(), self._sent)
        for reminder in due:
            self._sent |= reminder_keys_covered(reminder)
            self._notify(self.title(reminder), self.text(reminder))
        return due

    def title(self, reminder: Reminder) -> str:
        minutes = math.ceil((reminder.starts_at - self._clock.now()).total_seconds() / 60)
        return (
            self.tr("Appointment with %1 in %2")
            .replace("%1", reminder.booking.alias)
            .replace("%2", format_duration(max(1, minutes) * 60))
        )

    def text(self, reminder: Reminder) -> str:
        booking = reminder.booking
        paid = self.tr("Paid.") if booking.paid else self.tr("Not paid yet.")
        return (
            self.tr("%1, %2 minutes. %3")
            .replace("%1", self._clock.moment(reminder.starts_at))
            .replace("%2", str(booking.duration_minutes))
            .replace("%3", paid)
        )
