"""GUI tests run offscreen; a real engine thread carries every desk command to a fake desk."""

from __future__ import annotations

import os

from tests.qt_screen import offscreen_platform

# Before anything imports Qt: no display here, and none needed; a 1920x1080 laptop screen.
os.environ["QT_QPA_PLATFORM"] = offscreen_platform()

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from advisor_app.credentials import CredentialStore
from advisor_app.desk import AdvisorDesk
from advisor_app.desk_listener import DeskListener
from advisor_app.engine import Engine
from advisor_app.platform_gateway import PlatformGateway
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from platform_server.testing import RunningPlatform
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


class RealDesks:
    """The real session and platform gateway, and the desk factory the GUI calls (as the app's
    entry point wires them): `GuiOptions(platform=real.gateway)`, `AdvisorGui(engine, real, …)`."""

    def __init__(self, platform: RunningPlatform) -> None:
        self.platform = platform
        self.client = PlatformClient(platform.base_url)
        self.session = AdvisorSession(self.client, CredentialStore(), platform.base_url)
        self.gateway = PlatformGateway(self.session, self.client)
        self.desks: list[AdvisorDesk] = []

    def __call__(self, listener: DeskListener) -> AdvisorDesk:
        self.desks.append(AdvisorDesk(self.session, self.gateway, listener))
        return self.desks[-1]

    @property
    def desk(self) -> AdvisorDesk:
        """The desk the GUI made last (its current one)."""
        return self.desks[-1]

    def options(self, **extra: Any) -> GuiOptions:
        """What the entry point tells the GUI for this platform: signed in as its demo advisor."""
        return GuiOptions(
            server_url=self.platform.base_url,
            platform=self.gateway,
            demo_email=self.platform.advisor_email,
            demo_password=self.platform.advisor_password,
            **extra,
        )


@pytest.fixture
def real_desks(platform: RunningPlatform) -> Iterator[RealDesks]:
    made = RealDesks(platform)
    yield made
    made.client.close()


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
