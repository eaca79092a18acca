"""Times as the advisor reads them: in the advisor's zone, named, on the platform's clock.

A thin, mutable holder around `advisor_app.domain.server_clock.ServerClock` (which is immutable):
the offset changes whenever the desk measures it again (`clock_offset_changed`), and the views
keep one `AdvisorClock` for their whole life.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDate

from advisor_app.domain.server_clock import ServerClock, format_duration, zone_name
from ui.translations import ENGLISH, app_locale, core_text, current_language


def _system_now() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    """The desktop's own zone (as the OS reports it)."""
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


class AdvisorClock:
    """The server's now (local clock corrected by the offset) and the advisor's time zone."""

    def __init__(
        self,
        zone: tzinfo | None = None,
        local_now: Callable[[], datetime] = _system_now,
        offset_seconds: float = 0.0,
    ) -> None:
        self.zone = zone if zone is not None else local_zone()
        self._local_now = local_now
        self._server = ServerClock(offset_seconds, local_now=local_now)

    @property
    def offset_seconds(self) -> float:
        return self._server.offset_seconds

    @offset_seconds.setter
    def offset_seconds(self, value: float) -> None:
        self._server = ServerClock(value, local_now=self._local_now)

    def now(self) -> datetime:
        """The platform's current time (aware, UTC)."""
        return self._server.now_server()

    def moment(self, when: datetime) -> str:
        """`Sat 21 Nov, 14:30 CET`; in German `Sa. 21. Nov., 14:30 CET` (24-hour time in both)."""
        if current_language() == ENGLISH:
            return ServerClock.format_for_advisor(when, self.zone)
        local = ServerClock.to_local(when, self.zone)
        # The date's pattern is translated with the rest (QLocale's day and month names).
        pattern = QCoreApplication.translate("AdvisorClock", "ddd d MMM")
        day = app_locale().toString(QDate(local.year, local.month, local.day), pattern)
        return f"{day}, {local:%H:%M} {zone_name(local)}"

    def waited(self, since: datetime) -> str:
        """A ticking wait, `0:12` or `1:02:07` (never negative)."""
        return clock_digits(max(0.0, (self.now() - since).total_seconds()))

    def until_start(self, start: datetime) -> str:
        """`Starts in 2 h 5 min`, `Starts now`, or `Started 3 min ago`."""
        seconds = (start - self.now()).total_seconds()
        if abs(seconds) < 1:
            return QCoreApplication.translate("AdvisorClock", "Starts now")
        if seconds > 0:
            return QCoreApplication.translate("AdvisorClock", "Starts in %1").replace(
                "%1", core_text(ServerClock.countdown(start, self.now()))
            )
        return QCoreApplication.translate("AdvisorClock", "Started %1 ago").replace(
            "%1", core_text(format_duration(-seconds))
        )


def clock_digits(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def minutes_text(minutes: int) -> str:
    return f"{minutes} min" if minutes < 60 or minutes % 60 else f"{minutes // 60} h"
