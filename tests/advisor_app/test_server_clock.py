"""The platform's clock and how times and waits read for the advisor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor_app.domain.server_clock import ServerClock, format_duration

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_now_server_adds_the_measured_offset_to_the_local_clock() -> None:
    local = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    clock = ServerClock(-90.5, local_now=lambda: local)
    assert clock.offset_seconds == -90.5
    assert clock.now_server() == local - timedelta(seconds=90.5)
    assert clock.now_server().tzinfo is UTC


def test_times_show_in_the_advisors_zone_with_the_zone_named() -> None:
    winter = datetime(2026, 11, 21, 13, 30, tzinfo=UTC)
    summer = datetime(2026, 7, 4, 12, 5, tzinfo=UTC)
    assert ServerClock.format_for_advisor(winter, BERLIN) == "Sat 21 Nov, 14:30 CET"
    assert ServerClock.format_for_advisor(summer, BERLIN) == "Sat 4 Jul, 14:05 CEST"
    assert ServerClock.format_for_advisor(winter, NEW_YORK) == "Sat 21 Nov, 08:30 EST"
    # A zone without an abbreviation still says which zone it is.
    assert ServerClock.format_for_advisor(winter, ZoneInfo("Asia/Dubai")).endswith("UTC+04:00")
    assert ServerClock.to_local(winter, BERLIN).hour == 14


def test_a_time_without_a_zone_is_refused_rather_than_guessed() -> None:
    naive = datetime(2026, 11, 21, 13, 30)
    with pytest.raises(ValueError, match="time zone"):
        ServerClock.format_for_advisor(naive, BERLIN)
    with pytest.raises(ValueError, match="time zone"):
        ServerClock.waited(naive, datetime.now(UTC))


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45.9, "45 s"),
        (60, "1 min"),
        (125, "2 min 5 s"),
        (3600, "1 h"),
        (3780, "1 h 3 min"),
        (90_000, "1 d 1 h"),
        (-5, "0 s"),
    ],
)
def test_durations_read_in_the_two_largest_units(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_waited_and_countdown() -> None:
    now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert ServerClock.waited(now - timedelta(seconds=125), now) == "2 min 5 s"
    assert ServerClock.countdown(now + timedelta(minutes=15), now) == "15 min"
    assert ServerClock.countdown(now - timedelta(minutes=1), now) == "0 s"


@given(st.floats(min_value=-1e9, max_value=1e9))
def test_any_duration_formats_without_error(seconds: float) -> None:
    text = format_duration(seconds)
    assert text.endswith(("s", "min", "h", "d"))
