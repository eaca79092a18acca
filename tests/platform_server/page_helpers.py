"""Helpers for driving the customer page: Chromium, the advisor's REST side, an aiortc advisor.

The aiortc advisor runs on its own asyncio loop thread, so the synchronous Playwright API (which
must not run inside an event loop) and aiortc can work side by side in one test.
"""

from __future__ import annotations

import asyncio
import fractions
import hashlib
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiohttp
import av
import numpy as np
import requests
from aiortc import AudioStreamTrack, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright

from network.control_channel import FILL_LABEL
from platform_server.call_heartbeats import send_heartbeats

T = TypeVar("T")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright: Playwright) -> Browser:
    """The Debian Chromium with a fake camera and microphone and no permission prompts."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


class ConsoleWatch:
    """Collects console errors and uncaught page errors, which a healthy page never produces,
    and every console line (`lines`), for tests that wait on what the page logged."""

    def __init__(self, page: Page) -> None:
        self.errors: list[str] = []
        self.lines: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        self.lines.append(message.text)
        if message.type == "error":
            self.errors.append(f"console: {message.text}")


class CustomerPage:
    """One customer tab (own browser context, so its own guest account) with a console watch."""

    def __init__(self, browser: Browser, url: str, shots: Path, width: int = 1280) -> None:
        self.shots = shots  # the test's own folder for screenshots (the `screenshots` fixture)
        self.context = browser.new_context(
            viewport={"width": width, "height": 860}, timezone_id="Europe/Berlin", locale="de-DE"
        )
        self.page = self.context.new_page()
        self.console = ConsoleWatch(self.page)
        self.page.goto(url)
        wait_for_state(self.page, lambda s: s["phase"] != "loading" and s["socketOnline"])

    def by(self, testid: str):  # type: ignore[no-untyped-def]
        return self.page.get_by_test_id(testid)

    def shot(self, name: str, full_page: bool = True) -> None:
        """A screenshot for a human look; overlays want the viewport, not the whole page."""
        self.page.screenshot(path=str(self.shots / f"page-{name}.png"), full_page=full_page)

    def fill_profile(self, form: str, alias: str, age: int) -> None:
        self.by(f"{form}-alias").fill(alias)
        self.by(f"{form}-age").fill(str(age))

    def close(self) -> None:
        self.context.close()


class ScriptedPage(Protocol):
    """A Playwright `Page` or a `tests.browsers.CustomerPage` (Chromium or Firefox)."""

    def evaluate(self, expression: str, /) -> Any: ...

    def wait_for_timeout(self, timeout: float, /) -> None: ...


def page_state(page: ScriptedPage) -> dict[str, Any]:
    """`window.customerTest.state()` (a function, not a string: the page's CSP forbids eval)."""
    state: dict[str, Any] = page.evaluate("() => window.customerTest.state()")
    return state


def wait_for_state(
    page: ScriptedPage, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0
) -> dict[str, Any]:
    """Polls the test hook until `predicate(state)` holds; fails with the last state seen."""
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = page_state(page)
        if predicate(state):
            return state
        page.wait_for_timeout(100)
    raise AssertionError(f"page state never matched; last: {state}")


def wait_until(check: Callable[[], T | None], timeout: float = 10.0, what: str = "it") -> T:
    """Polls `check()` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class AdvisorRest:
    """The advisor's side of the REST API, for tests that play the advisor."""

    def __init__(self, base_url: str, tokens: dict[str, Any]) -> None:
        self.base = base_url + "/api/v1"
        self.token = str(tokens["access_token"])
        self.id = str(tokens["account"]["id"])
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, self.base + path, json=body, timeout=10)
        assert response.ok, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def set_presence(self, presence: str) -> None:
        self.call("PUT", "/me/presence", {"presence": presence})

    def ringing_requests(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/call-requests?state=ringing")["call_requests"])

    def bookings(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/bookings")["bookings"])

    def close(self) -> None:
        self.http.close()


def _fingerprint(sdp: str) -> str:
    match = re.search(r"^a=fingerprint:sha-256\s+([0-9A-Fa-f:]+)\s*$", sdp, re.MULTILINE | re.I)
    assert match, "SDP without a sha-256 fingerprint"
    return match.group(1).upper()


def commitment(offer_sdp: str, nonce: str) -> str:
    """docs/platform-api.md "Call security code", written independently of the page's JS."""
    text = f"advisor-call commitment v1|{_fingerprint(offer_sdp)}|{nonce}"
    return hashlib.sha256(text.encode()).hexdigest()


def security_code(offer_sdp: str, answer_sdp: str, offer_nonce: str, answer_nonce: str) -> str:
    """docs/platform-api.md "Call security code", written independently of the page's JS."""
    fingerprints = f"{_fingerprint(offer_sdp)}|{_fingerprint(answer_sdp)}"
    text = f"advisor-call code v1|{fingerprints}|{offer_nonce}|{answer_nonce}"
    number = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % 1_000_000
    digits = f"{number:06d}"
    return f"{digits[:3]} {digits[3:]}"


class MovingPicture(VideoStreamTrack):
    """A small synthetic camera (320x240, a moving bar) so the page has real frames to decode."""

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        image = np.full((240, 320, 3), 40, dtype=np.uint8)
        column = (pts // 3000) % 320
        image[:, max(0, column - 20) : column, :] = (20, 160, 140)
        frame = av.VideoFrame.from_ndarray(image, format="rgb24")
        frame.pts = pts
        frame.time_base = fractions.Fraction(1, 90000) if time_base is None else time_base
        return frame


class RtpArrival:
    """Whether RTP arrived on an aiortc peer connection since the last look (`inbound-rtp`)."""

    def __init__(self, current_peer: Callable[[], RTCPeerConnection | None]) -> None:
        self._current_peer = current_peer
        self._peer: RTCPeerConnection | None = None
        self._packets = 0

    async def __call__(self) -> bool:
        peer = self._current_peer()
        if peer is None:
            return False
        if peer is not self._peer:  # a fresh connection counts from zero
            self._peer, self._packets = peer, 0
        report = await peer.getStats()
        packets = sum(
            int(stats.packetsReceived)
            for stats in report.values()
            if getattr(stats, "type", "") == "inbound-rtp"
        )
        arrived = packets > self._packets
        self._packets = packets
        return arrived


class AiortcAdvisor:
    """The advisor's signalling socket and peer connection (aiortc), on a private loop thread."""

    def __init__(self, base_url: str, access_token: str) -> None:
        self.ws_url = base_url.replace("http://", "ws://") + "/api/v1/ws"
        self.access_token = access_token
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="aiortc-advisor", daemon=True
        )
        self.thread.start()
        self.signals: list[dict[str, Any]] = []
        self.control: list[dict[str, Any]] = []
        self.filled: list[tuple[float, int]] = []  # (monotonic arrival, bytes) of probe padding
        self.pc: RTCPeerConnection | None = None
        self.channel: Any = None
        self.session: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.reader: asyncio.Task[None] | None = None
        self.heartbeats: asyncio.Task[None] | None = None
        # The security code of the current connection: this side's nonce and the offer and
        # answer signals as exchanged (docs: "Call security code").
        self.nonce = ""
        self.offer_signal: dict[str, Any] = {}
        self.answer_signal: dict[str, Any] = {}

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 20.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def connect(self) -> None:
        self.run(self._connect())

    async def _connect(self) -> None:
        self.session = aiohttp.ClientSession()
        self.ws = await self.session.ws_connect(self.ws_url)
        await self.ws.send_json({"type": "hello", "access_token": self.access_token})
        welcome = await self.ws.receive_json(timeout=10)
        assert welcome["type"] == "welcome", welcome
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(message.data)
            if data.get("type") == "signal":
                self.signals.append(data)

    def signals_of(self, call_id: str, kind: str) -> list[dict[str, Any]]:
        return [
            s["data"] for s in self.signals if s["call_id"] == call_id and s["data"]["kind"] == kind
        ]

    def answer(self, call_id: str, timeout: float = 15.0) -> None:
        """Waits for the page's offer for `call_id` and answers it with picture and sound."""
        offer = wait_until(lambda: self.signals_of(call_id, "offer"), timeout, "the page's offer")[
            0
        ]
        self.run(self._answer(call_id, offer))

    def _beat_for(self, call_id: str) -> None:
        """Heartbeats for the call, as the advisor app sends them (the platform bills by them)."""
        assert self.ws is not None
        self.heartbeats = asyncio.get_running_loop().create_task(
            send_heartbeats(self.ws.send_json, call_id, RtpArrival(lambda: self.pc))
        )

    async def _answer(self, call_id: str, offer: dict[str, Any]) -> None:
        assert self.ws is not None
        pc = RTCPeerConnection()
        self.pc = pc
        self._beat_for(call_id)

        pc.on("datachannel", self._watch)
        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer["sdp"], type="offer"))
        pc.addTrack(MovingPicture())
        pc.addTrack(AudioStreamTrack())
        await pc.setLocalDescription(await pc.createAnswer())
        self.nonce, self.offer_signal = secrets.token_hex(32), offer
        self.answer_signal = {"kind": "answer", "sdp": pc.localDescription.sdp, "nonce": self.nonce}
        await self._signal(call_id, self.answer_signal)

    def committed_offer(self, sdp: str, generation: int | None = None) -> dict[str, Any]:
        """An offer signal of this side with a fresh commitment (its nonce kept for the reveal)."""
        self.nonce, self.answer_signal = secrets.token_hex(32), {}
        self.offer_signal = {"kind": "offer", "sdp": sdp, "commitment": commitment(sdp, self.nonce)}
        if generation is not None:
            self.offer_signal["generation"] = generation
        return self.offer_signal

    async def reveal(self, call_id: str, answer: dict[str, Any]) -> None:
        """The page's answer to this side's offer arrived: send the nonce behind the commitment."""
        self.answer_signal = answer
        reveal: dict[str, Any] = {"kind": "reveal", "nonce": self.nonce}
        if "generation" in answer:
            reveal["generation"] = answer["generation"]
        await self._signal(call_id, reveal)

    def _watch(self, channel: Any) -> None:
        if channel.label == FILL_LABEL:  # the page's padding during a probe: count its bytes
            channel.on("message", lambda raw: self.filled.append((time.monotonic(), len(raw))))
            return
        self.channel = channel
        channel.on("message", lambda raw: self.control.append(json.loads(raw)))

    def filled_kbps(self, begin: float, end: float) -> float:
        """The page's probe padding that arrived between two `time.monotonic()` moments."""
        nbytes = sum(size for at, size in self.filled if begin <= at < end)
        return nbytes * 8 / (end - begin) / 1000

    def received_bytes(self) -> int:
        """Everything the transport received so far (media, RTCP, data channels)."""
        assert self.pc is not None
        report = self.run(self.pc.getStats())
        return sum(s.bytesReceived for s in report.values() if s.type == "transport")

    def offer(self, call_id: str) -> None:
        """Booked call: the advisor offers audio, video and the `control` channel."""
        self.run(self._offer(call_id))

    async def _offer(self, call_id: str) -> None:
        pc = RTCPeerConnection()
        self.pc = pc
        self._beat_for(call_id)
        pc.addTrack(AudioStreamTrack())
        pc.addTrack(MovingPicture())
        self._watch(pc.createDataChannel("control"))
        await pc.setLocalDescription(await pc.createOffer())
        await self._signal(call_id, self.committed_offer(pc.localDescription.sdp))

    def accept_answer(self, call_id: str, timeout: float = 15.0) -> None:
        answer = wait_until(
            lambda: self.signals_of(call_id, "answer"), timeout, "the page's answer"
        )[0]
        assert self.pc is not None
        self.run(
            self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
        )
        self.run(self.reveal(call_id, answer))

    def stop_video(self) -> None:
        """Stops sending picture without a word (as a frozen or unplugged camera would)."""

        async def stop() -> None:
            assert self.pc is not None
            for sender in self.pc.getSenders():
                if sender.track is not None and sender.track.kind == "video":
                    sender.replaceTrack(None)

        self.run(stop())

    def send_signal(self, call_id: str, data: dict[str, Any]) -> None:
        self.run(self._signal(call_id, data))

    async def _signal(self, call_id: str, data: dict[str, Any]) -> None:
        assert self.ws is not None
        await self.ws.send_json({"type": "signal", "call_id": call_id, "data": data})

    def security_code(self, timeout: float = 15.0) -> str:
        """This side's code of the current connection, checked as docs/platform-api.md says: as
        the answerer, once the page's reveal matches its offer's commitment."""
        offer, answer = self.offer_signal, self.answer_signal
        assert offer, "no offer exchanged yet"
        assert answer, "no answer exchanged yet"
        if self.nonce == answer.get("nonce"):  # the page offered: its reveal decides
            generation = offer.get("generation", 0)
            reveal = wait_until(
                lambda: [
                    s for s in self.all_signals("reveal") if s.get("generation", 0) == generation
                ],
                timeout,
                "the page's reveal",
            )[-1]
            assert commitment(offer["sdp"], reveal["nonce"]) == offer["commitment"]
            return security_code(offer["sdp"], answer["sdp"], reveal["nonce"], self.nonce)
        return security_code(offer["sdp"], answer["sdp"], self.nonce, answer["nonce"])

    def all_signals(self, kind: str) -> list[dict[str, Any]]:
        return [s["data"] for s in self.signals if s["data"]["kind"] == kind]

    def send_control(self, message: dict[str, Any]) -> None:
        async def send() -> None:
            self.channel.send(json.dumps(message))

        self.run(send())

    def close(self) -> None:
        async def shutdown() -> None:
            if self.heartbeats is not None:
                self.heartbeats.cancel()
            if self.pc is not None:
                await self.pc.close()
            if self.ws is not None:
                await self.ws.close()
            if self.reader is not None:
                await self.reader
            if self.session is not None:
                await self.session.close()

        try:
            self.run(shutdown())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)
            self.loop.close()


@contextmanager
def aiortc_advisor(base_url: str, access_token: str) -> Iterator[AiortcAdvisor]:
    advisor = AiortcAdvisor(base_url, access_token)
    try:
        advisor.connect()
        yield advisor
    finally:
        advisor.close()


def ring_live_request(page: CustomerPage, advisor: AdvisorRest) -> dict[str, Any]:
    """The advisor goes online, Kim (34) asks for a live call on the page: the ringing request."""
    advisor.set_presence("online")
    page.fill_profile("live", "Kim", 34)
    page.by("live-call").click()
    return wait_until(advisor.ringing_requests, what="the live request")[0]
