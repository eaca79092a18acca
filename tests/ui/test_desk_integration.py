"""The real window with the real desk against a real platform on loopback.

A customer (over the platform's REST API) asks for a live call; it rings in the window; Accept and
Decline travel through the engine, the desk and the platform, and the customer sees the outcome.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from advisor_app.domain.models import CallRequestState, Presence
from advisor_app.engine import Engine
from platform_server.testing import RunningPlatform
from tests.ui.conftest import RealDesks, RecordingRinger
from ui.application import AdvisorGui
from ui.decline_dialog import DeclineDialog

pytestmark = pytest.mark.slow


class Customer:
    """A customer of the platform, speaking its REST API like the customer page does."""

    def __init__(self, platform: RunningPlatform) -> None:
        self._platform = platform
        self._token = platform.create_customer()["access_token"]

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self._platform.base_url + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self._token}"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def ask_for_a_call(self, alias: str, age: int) -> str:
        body = {"advisor_id": self._platform.advisor_id, "alias": alias, "age": age}
        return str(self._send("POST", "/api/v1/call-requests", body)["id"])

    def request(self, request_id: str) -> dict[str, Any]:
        return dict(self._send("GET", f"/api/v1/call-requests/{request_id}"))


@pytest.fixture
def live_gui(
    qtbot, engine: Engine, platform: RunningPlatform, real_desks: RealDesks
) -> Iterator[AdvisorGui]:
    options = real_desks.options()
    gui = AdvisorGui(engine, real_desks, options, ringer=RecordingRinger())
    with qtbot.waitSignal(gui.session.signed_in, timeout=10_000):
        gui.start()
    qtbot.waitUntil(lambda: gui.window.status.connection.text() == "Connected", timeout=10_000)
    with qtbot.waitSignal(
        gui.bridge.presence_confirmed,
        timeout=10_000,
        check_params_cb=lambda presence: presence == Presence.ONLINE,
    ):
        qtbot.mouseClick(gui.window.presence.buttons[Presence.ONLINE], Qt.MouseButton.LeftButton)
    yield gui
    with qtbot.waitSignal(gui.session.finished, timeout=10_000):
        gui.session.quit()
    gui.close()


def test_a_customer_request_rings_and_accept_reaches_the_customer(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform
) -> None:
    gui = live_gui
    assert gui.window.status.dot.color == "#1f9d55"
    assert gui.window.status.connection.text() == "Connected"
    assert gui.session.account is not None
    assert gui.window.advisor_name.text() == gui.session.account.display_name
    customer = Customer(platform)
    request_id = customer.ask_for_a_call("Mia", 34)

    qtbot.waitUntil(lambda: gui.window.live_requests.card(request_id) is not None, timeout=10_000)
    card = gui.window.live_requests.card(request_id)
    assert card.alias.text() == "Mia"
    assert card.age.text() == "34 years"
    assert card.waiting.text().startswith("waiting 0:0")
    assert gui.ringer.ringing  # type: ignore[attr-defined]

    with qtbot.waitSignal(gui.main.live_requests.accepted, timeout=10_000) as accepted:
        qtbot.mouseClick(card.accept, Qt.MouseButton.LeftButton)
    assert accepted.args[0].id == request_id
    assert accepted.args[0].call_id
    seen = customer.request(request_id)
    assert seen["state"] == CallRequestState.ACCEPTED.value
    assert seen["call_id"] == accepted.args[0].call_id
    qtbot.waitUntil(lambda: gui.window.live_requests.card(request_id) is None, timeout=10_000)
    assert not gui.ringer.ringing  # type: ignore[attr-defined]


def test_decline_with_a_reason_reaches_the_customer(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform
) -> None:
    gui = live_gui
    customer = Customer(platform)
    request_id = customer.ask_for_a_call("Jonas", 41)
    qtbot.waitUntil(lambda: gui.window.live_requests.card(request_id) is not None, timeout=10_000)

    gui.window.live_requests.card(request_id).decline.click()
    dialog = gui.window.findChild(DeclineDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Back in 15 minutes")
    with qtbot.waitSignal(gui.main.live_requests.declined, timeout=10_000):
        dialog.confirm.click()
    seen = customer.request(request_id)
    assert seen["state"] == CallRequestState.DECLINED.value
    assert seen["decline_reason"] == "Back in 15 minutes"
    qtbot.waitUntil(lambda: gui.window.live_requests.showing_empty_state, timeout=10_000)


def test_the_status_bar_follows_a_platform_restart(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform
) -> None:
    status = live_gui.window.status
    platform.stop()
    qtbot.waitUntil(lambda: status.dot.color != "#1f9d55", timeout=15_000)
    assert status.connection.text() != "Connected"
    platform.start()
    qtbot.waitUntil(lambda: status.connection.text() == "Connected", timeout=30_000)
