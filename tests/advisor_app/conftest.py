"""Fixtures for the session and desk tests: a real platform with a test clock, a customer, a desk.

The in-memory keychain comes from `tests/conftest.py` (autouse), so nothing here touches the
machine's real keychain.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.credentials import CredentialStore
from advisor_app.desk import AdvisorDesk
from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Account, Booking, Call, CallRequest, Presence
from advisor_app.platform_gateway import PlatformGateway
from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient
from network.event_stream import EventHandler, EventStream, TokenSource
from platform_server.testing import RunningPlatform

ACCESS_TTL = 60  # seconds of platform time; tests expire tokens with `advance_clock`


@pytest.fixture
def live_platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    with RunningPlatform(
        tmp_path / "platform", seed="demo", test_clock=True, access_ttl=ACCESS_TTL
    ) as running:
        yield running


class Customer:
    """A customer of the platform, driven over its real REST API."""

    def __init__(self, platform: RunningPlatform) -> None:
        self._platform = platform
        self.token = str(platform.create_customer()["access_token"])

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = requests.post(
            f"{self._platform.base_url}/api/v1{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=5,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def ring(self, alias: str = "Kim", age: int = 34) -> str:
        """Asks the demo advisor for a live call; returns the request's id."""
        body = {"advisor_id": self._platform.advisor_id, "alias": alias, "age": age}
        return str(self.post("/call-requests", body)["id"])

    def cancel(self, request_id: str) -> None:
        self.post(f"/call-requests/{request_id}/cancel", {})


@pytest.fixture
def customer(live_platform: RunningPlatform) -> Customer:
    return Customer(live_platform)


class DeskRecorder:
    """A `DeskListener` that remembers the latest of everything and lets tests wait for it."""

    def __init__(self) -> None:
        self.accounts: list[Account] = []
        self.signed_out_reasons: list[str] = []
        self.connection_states: list[tuple[ConnectionState, str]] = []
        self.presence: Presence | None = None
        self.requests: tuple[CallRequest, ...] = ()
        self.bookings: tuple[Booking, ...] = ()
        self.offsets: list[float] = []
        self.problems: list[str] = []
        self._changed = asyncio.Event()

    def _note(self) -> None:
        self._changed.set()

    @property
    def connection(self) -> ConnectionState | None:
        return self.connection_states[-1][0] if self.connection_states else None

    async def until(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        async with asyncio.timeout(within):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    def signed_in(self, account: Account) -> None:
        self.accounts.append(account)
        self._note()

    def signed_out(self, reason: str) -> None:
        self.signed_out_reasons.append(reason)
        self._note()

    def connection_changed(self, state: ConnectionState, detail: str) -> None:
        self.connection_states.append((state, detail))
        self._note()

    def presence_changed(self, presence: Presence) -> None:
        self.presence = presence
        self._note()

    def call_requests_changed(self, requests: tuple[CallRequest, ...]) -> None:
        self.requests = requests
        self._note()

    def bookings_changed(self, bookings: tuple[Booking, ...]) -> None:
        self.bookings = bookings
        self._note()

    def clock_offset_changed(self, offset_seconds: float) -> None:
        self.offsets.append(offset_seconds)
        self._note()

    def problem(self, message: str) -> None:
        self.problems.append(message)
        self._note()


class CallRecorder:
    """A `CallListener` that keeps what the call reported and lets tests wait for it."""

    def __init__(self) -> None:
        self.phases: list[CallPhase] = []
        self.reasons: list[str | None] = []
        self.security_codes: list[str] = []
        self.samples: list[CallQuality] = []
        self.notices: list[str] = []
        self.final: Call | None = None
        self.end_detail: str | None = None
        self.unconfirmed_at: datetime | None = None
        self.own_pictures = 0  # the advisor's pictures converted for the self-view
        self.recorded = asyncio.Event()  # the platform's record came after the end
        self.ended = asyncio.Event()
        self._changed = asyncio.Event()

    async def until(self, condition: Callable[[], bool], within: float = 20.0) -> None:
        async with asyncio.timeout(within):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    def phase_changed(self, phase: CallPhase, reason: str | None) -> None:
        self.phases.append(phase)
        self.reasons.append(reason)
        self._changed.set()

    def remote_video(self, frame: DisplayFrame) -> None: ...

    def local_video(self, frame: DisplayFrame) -> None:
        self.own_pictures += 1
        self._changed.set()

    def remote_camera_changed(self, on: bool) -> None: ...

    def security_code_ready(self, code: str) -> None:
        self.security_codes.append(code)
        self._changed.set()

    def security_code_unverified(self) -> None:
        self.security_codes.append("unverified")
        self._changed.set()

    def chat_received(self, text: str) -> None: ...

    def notice(self, text: str) -> None:
        self.notices.append(text)
        self._changed.set()

    def quality_sampled(self, quality: CallQuality) -> None:
        self.samples.append(quality)
        self._changed.set()

    def end_unconfirmed(self, decided_at: datetime) -> None:
        self.unconfirmed_at = decided_at

    def call_ended(self, call: Call | None, reason: str) -> None:
        self.final = call
        self.end_detail = reason
        self.ended.set()
        self._changed.set()

    def call_recorded(self, call: Call) -> None:
        self.final = call
        self.recorded.set()
        self._changed.set()


def quick_stream(client: PlatformClient, token: TokenSource, handler: EventHandler) -> EventStream:
    """The real event stream with test-sized heartbeat and backoff."""
    return EventStream(
        client.ws_url, token, handler, ping_interval=1.0, backoff_first=0.1, backoff_cap=0.4
    )


def new_session(platform: RunningPlatform) -> tuple[PlatformClient, AdvisorSession]:
    client = PlatformClient(platform.base_url, timeout=5.0)
    return client, AdvisorSession(client, CredentialStore(), platform.base_url)


class Advisor:
    """The advisor's side of the app against one platform: session, gateway, desk, recorder."""

    def __init__(self, platform: RunningPlatform) -> None:
        self.client, self.session = new_session(platform)
        self.gateway = PlatformGateway(self.session, self.client, event_stream_factory=quick_stream)
        self.recorder = DeskRecorder()
        self.desk = AdvisorDesk(self.session, self.gateway, self.recorder)

    async def close(self) -> None:
        await self.desk.shutdown()
        self.client.close()


@pytest.fixture
async def advisor(live_platform: RunningPlatform) -> AsyncIterator[Advisor]:
    built = Advisor(live_platform)
    yield built
    await built.close()


@pytest.fixture
def gateway(advisor: Advisor) -> PlatformGateway:
    return advisor.gateway


@pytest.fixture
def desk_and_recorder(advisor: Advisor) -> tuple[AdvisorDesk, DeskRecorder]:
    return advisor.desk, advisor.recorder
