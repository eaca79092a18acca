"""The headless app takes a call from a real browser on the platform's customer page.

Each test runs with Chromium and with Firefox (`customer_page`), both with fake camera and
microphone; the page's `window.customerTest.state()` tells what the customer side decoded, the
headless report what the app decoded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from platform_server.testing import RunningPlatform
from tests.browsers import CustomerPage, wait_for_state
from tests.e2e.browser_calls import assert_advisor_side, request_call, wait_media_both_ways
from tests.e2e.call_processes import Launcher, platform_get, wait_for_presence
from tests.platform_server.page_helpers import page_state

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_CHAT = "Hallo aus dem Browser"


def wait_state(
    page: CustomerPage, condition: Callable[[dict[str, Any]], bool], within_s: float = 20.0
) -> dict[str, Any]:
    return wait_for_state(page, condition, timeout=within_s)


def watch_call(
    page: CustomerPage,
    steps: list[tuple[float, Callable[[], None]]],
    tile: list[bool | None],
    within_s: float = 40.0,
) -> dict[str, Any]:
    """Runs `steps` at their offsets while recording the audio-only tile; returns the end state."""
    started = time.monotonic()
    pending = list(steps)
    while True:
        current = page_state(page)
        if not tile or tile[-1] != current["remoteCameraOff"]:
            tile.append(current["remoteCameraOff"])
        if current["callPhase"] == "ended" and current["billedSeconds"] is not None:
            return current
        while pending and time.monotonic() - started >= pending[0][0]:
            pending.pop(0)[1]()
        if time.monotonic() - started > within_s:
            raise AssertionError(f"the call did not end: {current}")
        page.wait_for_timeout(100)


def is_subsequence(wanted: list[Any], seen: list[Any]) -> bool:
    remaining = iter(seen)
    return all(item in remaining for item in wanted)


def test_browser_customer_and_advisor_hangs_up(
    platform: RunningPlatform, launcher: Launcher, customer_page: CustomerPage
) -> None:
    page = customer_page
    advisor_process = launcher.headless(14, "--self-test")
    wait_for_presence(platform, "online")
    request_call(page, platform)

    in_call = wait_media_both_ways(page)
    # The click that asked for the call opened the speakers ahead of the advisor's sound.
    assert in_call["speakers"] == "running", in_call
    assert in_call["speakersWaitedMs"] is not None  # the connection started once they played
    steps: list[tuple[float, Callable[[], None]]] = [
        (0.0, lambda: page.fill("chat-input", PAGE_CHAT)),
        (0.1, lambda: page.click("chat-send")),
        (0.5, lambda: page.click("toggle-camera")),
        (3.0, lambda: page.click("toggle-camera")),
    ]
    tile: list[bool | None] = []
    ended = watch_call(page, steps, tile)

    advisor = advisor_process.finish()
    assert_advisor_side(advisor, in_call)
    # The advisor's camera was off for two seconds of its self-test: the page showed the tile.
    assert is_subsequence([False, True, False], tile), tile
    assert "Headless self-test" in str(ended["lastChat"])
    assert PAGE_CHAT in advisor["chat_received"]
    assert [c["on"] for c in advisor["remote_camera"]][-2:] == [False, True]
    record = platform_get(platform, f"/calls/{advisor['call_id']}")
    assert record["ended_by"] == "advisor"
    assert advisor["ended"]["billed_seconds"] == record["billed_seconds"]
    # The page shows the platform's final record once its `call` event has arrived.
    wait_state(page, lambda s: s["billedSeconds"] == record["billed_seconds"], within_s=5)
    assert record["billed_seconds"] >= 8
    assert page_state(page)["speakers"] == "closed"


def test_browser_customer_hangs_up(
    platform: RunningPlatform, launcher: Launcher, customer_page: CustomerPage
) -> None:
    page = customer_page
    advisor_process = launcher.headless(60)
    wait_for_presence(platform, "online")
    request_call(page, platform)

    wait_media_both_ways(page)
    # Three seconds of speech sent (Firefox's fake microphone starts seconds after its camera;
    # the page counts once a second): the app then has the two seconds it is asked for.
    in_call = wait_state(page, lambda s: s["audioPacketsSent"] > 150)
    page.click("hangup")
    wait_state(page, lambda s: s["callPhase"] == "ended" and s["billedSeconds"] is not None)

    advisor = advisor_process.finish(within_s=30)
    assert_advisor_side(advisor, in_call)
    record = platform_get(platform, f"/calls/{advisor['call_id']}")
    assert record["ended_by"] == "customer"
    assert advisor["ended"]["by"] == "customer"
    assert advisor["ended"]["billed_seconds"] == record["billed_seconds"]
    # The page shows the platform's final record once its `call` event has arrived.
    wait_state(page, lambda s: s["billedSeconds"] == record["billed_seconds"], within_s=5)
