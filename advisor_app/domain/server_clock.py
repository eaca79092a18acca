"""The platform's clock as the advisor sees it, and how times and durations read on screen.

Booking rules run on the server's clock, not the desktop's (the desktop's may be minutes off), so
the desk measures the offset (server minus local) and every rule asks `ServerClock.now_server()`.
Times are shown in the advisor's own zone with the zone named ("Sat 21 Nov, 14:30 CET"), because
customers book in CET and a bare time would be ambiguous. Pure: no I/O; the local clock is injected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from advisor_app.domain.texts import N_

# English names on purpose: `strftime("%a")` follows the process locale; the UI translates.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _system_now() -> datetime:
    return datetime.now(UTC)


class ServerClock:
    """Local time corrected by the measured offset to the platform's clock."""

    def __init__(
        self, offset_seconds: float = 0.0, *, local_now: Callable[[], datetime] = _system_now
    ) -> None:
        self._offset = timedelta(seconds=offset_seconds)
        self._local_now = local_now

    @property
    def offset_seconds(self) -> float:
        """Server time minus local time."""
        return self._offset.total_seconds()

    def server_time_of(self, local_epoch: float) -> datetime:
        """A moment of this computer's clock (`time.time()` seconds) on the platform's clock."""
        return datetime.fromtimestamp(local_epoch, UTC) + self._offset

    def now_server(self) -> datetime:
        """The platform's current time (aware, UTC)."""
        return self._local_now().astimezone(UTC) + self._offset

    @staticmethod
    def to_local(moment: datetime, zone: tzinfo) -> datetime:
        """The same instant in the advisor's zone (a `zoneinfo.ZoneInfo`)."""
        return _aware(moment).astimezone(zone)

    @staticmethod
    def format_for_advisor(moment: datetime, zone: tzinfo) -> str:
        """`Sat 21 Nov, 14:30 CET`: day, date, time and the zone's name in the advisor's zone."""
        local = _aware(moment).astimezone(zone)
        return (
            f"{_WEEKDAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}, "
            f"{local:%H:%M} {zone_name(local)}"
        )

    @staticmethod
    def waited(since: datetime, now: datetime) -> str:
        """How long someone has been waiting: `45 s`, `2 min 5 s`, `1 h 3 min` (never negative)."""
        return format_duration((_aware(now) - _aware(since)).total_seconds())

    @staticmethod
    def countdown(until: datetime, now: datetime) -> str:
        """Time left until `until` in the same form; `0 s` once it has passed."""
        return format_duration((_aware(until) - _aware(now)).total_seconds())


def zone_name(local: datetime) -> str:
    """The zone's abbreviation (`CET`, `CEST`, `EST`); `UTC+03:00` where the zone has none."""
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = local.utcoffset() or timedelta(0)
    total_minutes = int(offset.total_seconds() // 60)
    sign = "+" if total_minutes >= 0 else "-"
    hours, minutes = divmod(abs(total_minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def format_duration(seconds: float) -> str:
    """Whole seconds as the largest two units: `5 s`, `2 min 5 s`, `1 h 3 min`, `2 d 4 h`."""
    total = max(0, int(seconds))
    days, rest = divmod(total, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    if days:  # "d" is marked for translation (German reads "Tg."); h, min and s are the same
        if hours:
            return N_("Duration", "{days} d {hours} h").format(days=days, hours=hours)
        return N_("Duration", "{days} d").format(days=days)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a time without a time zone is ambiguous; the platform's times are UTC")
    return moment
