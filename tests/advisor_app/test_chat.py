"""The advisor's conversations against the real platform: a customer writes, the thread appears
with its unread count, opening it reads it, the advisor answers by alias."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import requests

from advisor_app.chat import MAX_MESSAGE_LENGTH, AdvisorChat
from advisor_app.domain.models import ChatMessage, ChatThread, Presence, Role
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor, Customer
from tests.advisor_app.test_desk import sign_in


class ChatRecorder:
    def __init__(self) -> None:
        self.snapshots: list[tuple[ChatThread, ...]] = []
        self.arrived: list[ChatMessage] = []
        self._changed = asyncio.Event()

    def threads_changed(self, threads: tuple[ChatThread, ...]) -> None:
        self.snapshots.append(threads)
        self._changed.set()

    def message_arrived(self, message: ChatMessage) -> None:
        self.arrived.append(message)
        self._changed.set()

    async def until(self, condition: Any, within: float = 10.0) -> None:
        async with asyncio.timeout(within):
            while not condition():
                self._changed.clear()
                await self._changed.wait()


def as_customer(platform: RunningPlatform, customer: Customer, path: str) -> Any:
    response = requests.get(
        f"{platform.base_url}/api/v1{path}",
        headers={"Authorization": f"Bearer {customer.token}"},
        timeout=5,
    )
    response.raise_for_status()
    return response.json()


async def test_a_customers_message_opens_a_thread_that_is_read_and_answered(
    advisor: Advisor, live_platform: RunningPlatform, customer: Customer
) -> None:
    await sign_in(advisor.desk, advisor.recorder, live_platform)
    await advisor.desk.set_presence(Presence.ONLINE)
    listener = ChatRecorder()
    chat = AdvisorChat(advisor.gateway, listener)
    try:
        known = {t.id for t in await chat.refresh()}
        await asyncio.to_thread(customer.ring, "Kim", 34)  # the request opens Kim's thread
        threads = await asyncio.to_thread(as_customer, live_platform, customer, "/threads")
        thread_id = threads["threads"][0]["id"]
        await asyncio.to_thread(
            customer.post, f"/threads/{thread_id}/messages", {"text": "Hallo, ich bin Kim."}
        )
        await listener.until(lambda: (t := chat.thread_of("Kim")) is not None and t.unread == 1)
        assert thread_id not in known
        assert chat.threads[0].alias == "Kim"  # unread threads first
        assert [m.text for m in listener.arrived] == ["Hallo, ich bin Kim."]

        messages = await chat.open(thread_id)
        assert [(m.sender, m.text) for m in messages] == [(Role.CUSTOMER, "Hallo, ich bin Kim.")]
        kim = chat.thread_of("Kim")
        assert kim is not None
        assert kim.unread == 0

        sent = await chat.tell("Kim", "  Guten Tag, Kim!  ")
        assert sent is not None
        assert (sent.sender, sent.text) == (Role.ADVISOR, "Guten Tag, Kim!")
        assert await chat.tell("Nobody", "Hallo") is None  # no thread with that alias
        with pytest.raises(ValueError, match="empty"):
            await chat.send(thread_id, "   ")
        with pytest.raises(ValueError, match=str(MAX_MESSAGE_LENGTH)):
            await chat.send(thread_id, "x" * (MAX_MESSAGE_LENGTH + 1))
    finally:
        chat.stop()
