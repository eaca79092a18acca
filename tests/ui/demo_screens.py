"""What the screenshot scripts share: a quiet ringer, waiting for Qt to paint, a busy day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEventLoop, QTimer

from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.models import Presence
from advisor_app.engine import Engine
from tests.ui import demo_data
from tests.ui.fake_desk import FakeDesk
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui, GuiOptions


class SilentRinger:
    def start(self) -> None: ...

    def stop(self) -> None: ...


def settle(ms: int = 300) -> None:
    """Lets Qt lay out and paint for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def demo_gui(engine: Engine) -> AdvisorGui:
    """The real GUI around a `FakeDesk`, as the demo starts it, on the demo data's clock."""
    now = demo_data.NOW
    return AdvisorGui(
        engine,
        FakeDesk,
        GuiOptions(
            server_url="",
            customer_url="http://127.0.0.1:8765/c/",
            demo_email="anna@example.com",
            demo_password="demo",
        ),
        ringer=SilentRinger(),
        clock=AdvisorClock(ZoneInfo("Europe/Berlin"), local_now=lambda: now),
    )


def show_a_working_day(gui: AdvisorGui, now: datetime) -> None:
    """Connected and online, two customers waiting, the demo queue with one booking selected."""
    bridge = gui.bridge
    bridge.connection_changed(ConnectionState.CONNECTED, "")
    bridge.presence_changed(Presence.ONLINE)
    bridge.clock_offset_changed(3.4)
    bridge.call_requests_changed(
        (
            demo_data.request("req_1", "Mia", 34, waited_s=12, now=now),
            demo_data.request("req_2", "Daniel", 45, waited_s=47, now=now),
        )
    )
    bridge.bookings_changed(demo_data.bookings(now))
    settle()
    gui.main.bookings.select("bkg_2")
    gui.window.resize(1280, 800)
