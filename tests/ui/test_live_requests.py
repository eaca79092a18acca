"""Accept with a call window: the card hands the request to `take_call` (the call windows, which
accept and start the call in one step on the engine) and waits for it to be taken or refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from advisor_app.domain.models import CallRequest, CallRequestState
from tests.ui import demo_data
from tests.ui.conftest import RecordingRinger
from tests.ui.gui_helpers import desk_of, sign_in
from tests.ui.test_main_controller import ring
from ui.application import AdvisorGui, GuiOptions


class RecordingTaker:
    """Stands in for `CallWindows.take_live`: remembers what it was asked to take."""

    def __init__(self) -> None:
        self.asked: list[tuple[CallRequest, Callable[[CallRequest], None], Callable[[str], None]]]
        self.asked = []

    def __call__(
        self,
        request: CallRequest,
        taken: Callable[[CallRequest], None],
        failed: Callable[[str], None],
    ) -> None:
        self.asked.append((request, taken, failed))


@pytest.fixture
def taker() -> RecordingTaker:
    return RecordingTaker()


@pytest.fixture
def options(taker: RecordingTaker) -> GuiOptions:
    return GuiOptions(server_url="https://platform.test", take_call=taker)


def test_accept_hands_the_request_to_the_call_window_and_waits(
    gui: AdvisorGui, qtbot, engine, ringer: RecordingRinger, taker: RecordingTaker
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia"))
    card = gui.window.live_requests.card("req_1")
    assert card is not None
    qtbot.mouseClick(card.accept, Qt.MouseButton.LeftButton)
    assert [request.id for request, _taken, _failed in taker.asked] == ["req_1"]
    assert not card.accept.isEnabled()  # no second answer while the first is under way
    assert not ringer.ringing
    assert desk_of(gui).called("accept") == []  # the call windows accept, not the card

    request, taken, _failed = taker.asked[0]
    accepted = dataclasses.replace(request, state=CallRequestState.ACCEPTED, call_id="call_1")
    with qtbot.waitSignal(gui.main.live_requests.accepted, timeout=5000) as signal:
        taken(accepted)
    assert signal.args == [accepted]
    assert not gui.window.notice_bar.isVisibleTo(gui.window)  # the call window says it


def test_a_refused_take_says_why_on_the_card_and_rings_on(
    gui: AdvisorGui, qtbot, engine, ringer: RecordingRinger, taker: RecordingTaker
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1"))
    card = gui.window.live_requests.card("req_1")
    assert card is not None
    card.accept.click()
    _request, _taken, failed = taker.asked[0]
    with qtbot.waitSignal(gui.main.live_requests.answer_failed, timeout=5000) as signal:
        failed("The customer has hung up.")
    assert signal.args == ["req_1", "The customer has hung up."]
    assert card.message.text() == "The customer has hung up."
    assert card.accept.isEnabled()
    assert ringer.ringing
