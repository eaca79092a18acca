"""The Messages and History tabs say what they know: loading until the platform's first answer,
"no conversations" or "no calls" only when it answered with none, and why when it could not."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from advisor_app.domain.models import ChatMessage, ChatThread
from advisor_app.engine import Engine
from platform_server.testing import RunningPlatform
from tests.ui.conftest import RealDesks, RecordingRinger
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui, GuiOptions
from ui.chat_bridge import ChatBridge
from ui.chat_controller import ChatController
from ui.chat_panel import ChatPanel
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls
from ui.loaded_list import ListState


@pytest.mark.slow
def test_a_new_advisor_sees_no_conversations_and_no_calls(
    qtbot: QtBot, engine: Engine, platform: RunningPlatform, real_desks: RealDesks
) -> None:
    email, password = "neu@advisor.example", "Tiefsee-Lampe-42-Orgel"
    platform.create_advisor(email, password, "Neu Beraterin")
    options = GuiOptions(
        server_url=platform.base_url,
        platform=real_desks.gateway,
        demo_email=email,
        demo_password=password,
    )
    gui = AdvisorGui(engine, real_desks, options, ringer=RecordingRinger())
    window = gui.window
    conversations, calls = window.chat.conversations, window.history.calls
    assert conversations.state is ListState.LOADING
    assert calls.state is ListState.LOADING
    try:
        with qtbot.waitSignal(gui.session.signed_in, timeout=10_000):
            gui.start()
        window.tabs.setCurrentWidget(window.chat)
        qtbot.waitUntil(lambda: conversations.state is not ListState.LOADING, timeout=10_000)
        assert conversations.state is ListState.EMPTY
        assert conversations.note.isVisible()
        assert conversations.note.text().startswith("No conversations yet.")
        assert not window.chat.threads.isVisible()
        window.tabs.setCurrentWidget(window.history)
        qtbot.waitUntil(lambda: calls.state is not ListState.LOADING, timeout=10_000)
        assert calls.state is ListState.EMPTY
        assert calls.note.isVisible()
        assert calls.note.text() == "No calls yet."
        assert not window.history.table.isVisible()

    finally:
        with qtbot.waitSignal(gui.session.finished, timeout=10_000):
            gui.session.quit()
        gui.close()


class RefusingChat:
    """The platform's chat as `ChatController` uses it, unreachable once, then with one thread."""

    def __init__(self, bridge: ChatBridge) -> None:
        self.bridge = bridge
        self.reachable = False

    async def refresh(self) -> tuple[ChatThread, ...]:
        if not self.reachable:
            raise ConnectionRefusedError
        threads = (ChatThread(id="t1", advisor_id="a1", alias="Mia", unread=1),)
        self.bridge.threads_changed(threads)  # as AdvisorChat publishes what it fetched
        return threads

    async def open(self, thread_id: str) -> tuple[ChatMessage, ...]:
        return ()

    async def send(self, thread_id: str, text: str) -> ChatMessage:
        raise NotImplementedError

    async def tell(self, alias: str, text: str) -> ChatMessage | None:
        return None


def test_the_conversations_list_says_why_it_is_empty(qtbot: QtBot, engine: Engine) -> None:
    panel = ChatPanel()
    qtbot.addWidget(panel)
    bridge, desk_bridge = ChatBridge(), DeskBridge()
    chat = RefusingChat(bridge)
    controller = ChatController(
        panel,
        bridge=bridge,
        desk_bridge=desk_bridge,
        chat=chat,
        calls=EngineCalls(engine, panel),
        clock=AdvisorClock(zone=ZoneInfo("Europe/Berlin")),
    )
    panel.show()
    conversations = panel.conversations
    assert conversations.state is ListState.LOADING
    assert conversations.note.text() == "Loading conversations…"
    with qtbot.assertNotEmitted(controller.failed, wait=0):
        controller.refresh()
        qtbot.waitUntil(lambda: conversations.state is ListState.FAILED)
    assert conversations.note.text() == "Could not load the conversations: Platform unreachable"
    assert not panel.threads.isVisible()

    chat.reachable = True
    controller.refresh()
    assert conversations.state is ListState.LOADING
    qtbot.waitUntil(lambda: conversations.state is ListState.SHOWN)
    assert panel.threads.isVisible()
    assert panel.threads.count() == 1

    desk_bridge.signed_out("signed out")  # a new session starts with nothing known
    qtbot.waitUntil(lambda: conversations.state is ListState.EMPTY)
    assert panel.threads.count() == 0
    controller.refresh()
    assert conversations.state is ListState.LOADING
