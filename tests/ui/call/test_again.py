"""Booked and live calls in the real call window after the line gave up: the booked call shows the
quality graph and offers "Call back", the live call offers "Go online again".

The real call windows (`CallWindows`), the real desk and call session on a real
engine, the reference platform on loopback (with its test clock) and a customer with a real aiortc
peer (`tests.e2e.booked_customer`). The customer ends the call with reason `bandwidth`, as the
app or the page does when the line cannot carry it; what the window offers is checked by clicking.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_app.call.media import MediaChoice
from advisor_app.desk import AdvisorDesk
from advisor_app.domain.models import CallRequest, Presence
from advisor_app.engine import Engine
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor
from tests.e2e.booked_customer import BookingCustomer
from tests.e2e.test_booked_calls import MIN, advance, confirmed_paid
from ui.advisor_clock import AdvisorClock
from ui.call.quality_graph import QualityPanel
from ui.call.window import CallWindow
from ui.call.windows import CallWindows

pytestmark = pytest.mark.slow

MEDIA = MediaChoice(
    camera="lavfi:testsrc2=size=320x240:rate=15",
    microphone="lavfi:sine=frequency=440",
    speaker="none",
)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    with RunningPlatform(
        tmp_path / "platform", test_clock=True, access_ttl=6 * 3600, connecting_timeout=3 * 3600
    ) as running:
        yield running


@pytest.fixture
def advisor(engine: Engine, platform: RunningPlatform) -> Iterator[Advisor]:
    async def signed_in() -> Advisor:
        opened = Advisor(platform)
        await opened.desk.sign_in(platform.advisor_email, platform.advisor_password, False)
        await opened.recorder.until(lambda: opened.recorder.offsets != [])
        return opened

    made = engine.submit(signed_in()).result(20)
    yield made
    engine.submit(made.close()).result(20)


@pytest.fixture
def desk(advisor: Advisor) -> AdvisorDesk:
    return advisor.desk


@pytest.fixture
def customer(engine: Engine, platform: RunningPlatform) -> Iterator[BookingCustomer]:
    person = BookingCustomer(platform)
    engine.submit(person.start()).result(10)
    yield person
    engine.submit(person.close()).result(10)


def call_windows() -> list[CallWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, CallWindow) and w.isVisible()
    ]


def hang_up_for_bandwidth(engine: Engine, customer: BookingCustomer, call_id: str) -> None:
    assert customer.api is not None
    ended = customer.api.request("POST", f"/calls/{call_id}/hangup", {"reason": "bandwidth"})
    engine.submit(ended).result(10)


def test_a_booked_call_shows_its_quality_and_is_called_back_after_a_bandwidth_end(
    qtbot: QtBot,
    engine: Engine,
    platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    customer: BookingCustomer,
    screenshots: Path,
) -> None:
    gateway = advisor.gateway
    booking = engine.submit(confirmed_paid(platform, desk, customer)).result(20)
    engine.submit(advance(platform, gateway, 5 * MIN)).result(20)
    clock = AdvisorClock(ZoneInfo("Europe/Berlin"), offset_seconds=gateway.clock.offset_seconds)
    windows = CallWindows(engine, gateway, desk=lambda: desk, media=lambda: MEDIA)

    answered = engine.submit(customer.answer_next_call())
    windows.call_booked(booking, clock)
    qtbot.waitUntil(lambda: len(call_windows()) == 1, timeout=10_000)
    window = call_windows()[0]
    call_id = answered.result(20)
    panel = window.stage.findChild(QualityPanel)
    assert panel is not None
    # The session's quality reports reach the booked call's window: the graph fills.
    qtbot.waitUntil(lambda: len(panel.graph.readings) >= 2, timeout=15_000)

    hang_up_for_bandwidth(engine, customer, call_id)
    summary = window.summary
    qtbot.waitUntil(summary.again_button.isVisible, timeout=10_000)
    assert summary.again_button.text() == "Call back"
    assert "call Mia back" in summary.again_note.text()
    assert window.grab().save(str(screenshots / "call-window-call-back.png"))

    again = engine.submit(customer.answer_next_call())
    qtbot.mouseClick(summary.again_button, Qt.MouseButton.LeftButton)
    second_call = again.result(20)
    assert second_call != call_id
    qtbot.waitUntil(
        lambda: window not in call_windows() and len(call_windows()) == 1, timeout=10_000
    )
    assert len(call_windows()) == 1
    fresh = call_windows()[0]
    fresh_panel = fresh.stage.findChild(QualityPanel)
    assert fresh_panel is not None
    qtbot.waitUntil(lambda: len(fresh_panel.graph.readings) >= 1, timeout=15_000)
    hang_up_for_bandwidth(engine, customer, second_call)
    qtbot.waitUntil(fresh.summary.isVisible, timeout=10_000)
    fresh.close()


def test_a_live_call_ended_for_bandwidth_offers_to_go_online_again(
    qtbot: QtBot,
    engine: Engine,
    platform: RunningPlatform,
    advisor: Advisor,
    desk: AdvisorDesk,
    customer: BookingCustomer,
) -> None:
    engine.submit(desk.set_presence(Presence.ONLINE)).result(10)
    api = customer.api
    assert api is not None
    body = {"advisor_id": platform.advisor_id, "alias": "Jonas", "age": 41}
    request = engine.submit(api.request("POST", "/call-requests", body)).result(10)
    qtbot.waitUntil(lambda: any(r.id == request["id"] for r in desk.call_requests), timeout=10_000)
    ringing = next(r for r in desk.call_requests if r.id == request["id"])
    taken: list[CallRequest] = []
    windows = CallWindows(engine, advisor.gateway, desk=lambda: desk, media=lambda: MEDIA)
    windows.take_live(ringing, taken.append, failed=pytest.fail)
    qtbot.waitUntil(lambda: len(call_windows()) == 1, timeout=10_000)
    window = call_windows()[0]
    accepted = taken[0]
    assert accepted.call_id is not None

    hang_up_for_bandwidth(engine, customer, accepted.call_id)
    summary = window.summary
    qtbot.waitUntil(summary.again_button.isVisible, timeout=10_000)
    assert summary.again_button.text() == "Go online again"
    assert "Jonas was asked to try again" in summary.again_note.text()
    # Meanwhile the advisor went offline; the offer brings them back online on the platform.
    engine.submit(desk.set_presence(Presence.OFFLINE)).result(10)
    qtbot.mouseClick(summary.again_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: summary.again_button.text() == "You are online", timeout=10_000)
    assert not summary.again_button.isEnabled()
    advisor = engine.submit(api.request("GET", f"/advisors/{platform.advisor_id}")).result(10)
    assert advisor["presence"] == "online"
    window.close()
