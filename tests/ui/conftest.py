"""GUI tests run offscreen; a real engine thread carries every desk command to a fake desk."""

from __future__ import annotations

import os

# Before anything imports Qt: no display here, and none needed.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from advisor_app.engine import Engine
from tests.ui import demo_data
from tests.ui.fake_desk import FakeDesk
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui, GuiOptions

# The offscreen platform cannot raise or activate windows; a real desktop can. Not a bug of ours.
OFFSCREEN_LIMITS = ("This plugin does not support raise.*", "This plugin does not support.*")
BERLIN = ZoneInfo("Europe/Berlin")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and item.get_closest_marker("qt_log_ignore") is None:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_LIMITS, extend=True))


class FakeTime:
    """The desktop's clock, moved by hand (the one fake the house rules allow besides hardware)."""

    def __init__(self, start: datetime = demo_data.NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingRinger:
    """Stands in for the speaker (there is no sound card here); remembers start/stop."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.ringing = False

    def start(self) -> None:
        self.events.append("start")
        self.ringing = True

    def stop(self) -> None:
        self.events.append("stop")
        self.ringing = False


@pytest.fixture
def engine() -> Iterator[Engine]:
    running = Engine("test-engine")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def ringer() -> RecordingRinger:
    return RecordingRinger()


@pytest.fixture
def options() -> GuiOptions:
    return GuiOptions(server_url="https://platform.test")


@pytest.fixture
def gui(
    qtbot: QtBot,
    engine: Engine,
    fake_time: FakeTime,
    ringer: RecordingRinger,
    options: GuiOptions,
) -> Iterator[AdvisorGui]:
    """The real GUI wiring around a FakeDesk; not yet signed in."""
    clock = AdvisorClock(BERLIN, local_now=fake_time)
    built = AdvisorGui(engine, FakeDesk, options, ringer=ringer, clock=clock)
    yield built
    if not built.session.closing:
        with qtbot.waitSignal(built.session.finished, timeout=5000):
            built.session.quit()
    built.close()
