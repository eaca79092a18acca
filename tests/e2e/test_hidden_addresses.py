"""A customer whose browser hides its addresses behind mDNS names calls the headless app.

Browsers put `<uuid>.local` names in place of their host addresses when the page holds no
camera permission: Firefox with `media.navigator.permission.disabled`, Chromium when capture is
accepted without a granted permission (`tests.browsers`). The app must neither crash on such a
description nor answer without candidates; the call connects through the browser's checks
(peer-reflexive) or through the names an mDNS responder resolves, whichever comes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from platform_server.testing import RunningPlatform
from tests.browsers import (
    BROWSERS,
    CustomerBrowser,
    CustomerPage,
    browser_missing,
    open_customer_browser,
    page_errors,
    wait_for_state,
)
from tests.e2e.call_processes import Launcher, event_names, platform_get, wait_for_presence

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Keeps every peer connection the page makes, to read the description it sent.
KEEP_CONNECTIONS = """() => {
    const Original = window.RTCPeerConnection;
    window.keptConnections = [];
    window.RTCPeerConnection = function (...args) {
        const pc = new Original(...args);
        window.keptConnections.push(pc);
        return pc;
    };
    window.RTCPeerConnection.prototype = Original.prototype;
}"""
SENT_CANDIDATES = """() => window.keptConnections[0].localDescription.sdp
    .split("\\r\\n").filter((line) => line.startsWith("a=candidate:"))"""


@pytest.fixture(scope="module", params=BROWSERS)
def hiding_browser(request: pytest.FixtureRequest) -> Iterator[CustomerBrowser]:
    reason = browser_missing(request.param)
    if reason is not None:
        pytest.skip(reason)
    with open_customer_browser(request.param, hide_addresses=True) as browser:
        yield browser


@pytest.fixture
def page(hiding_browser: CustomerBrowser) -> Iterator[CustomerPage]:
    opened = hiding_browser.new_page()
    try:
        yield opened
    finally:
        opened.close()


def test_a_browser_hiding_its_addresses_gets_a_working_call(
    platform: RunningPlatform, launcher: Launcher, page: CustomerPage
) -> None:
    advisor_process = launcher.headless(10)
    wait_for_presence(platform, "online")
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    page.evaluate(KEEP_CONNECTIONS)
    page.fill("live-alias", "Clara")
    page.fill("live-age", "34")
    page.click("live-call")

    in_call = wait_for_state(
        page,
        lambda s: (
            s["callPhase"] == "in_call"
            and s["framesDecoded"] > 30
            and s["audioBytesReceived"] > 2000
            and s["audioPacketsSent"] > 100
            and s["securityCode"] is not None
        ),
        timeout=30,
    )
    sent = page.evaluate(SENT_CANDIDATES)
    assert sent, "the page offered no candidate at all"
    # The browser really hid every address: no host candidate carries an IP.
    hosts = {line.split(" ")[4] for line in sent}
    assert all(re.fullmatch(r"[0-9a-f-]+\.local", host) for host in hosts), hosts

    wait_for_state(page, lambda s: s["callPhase"] == "ended", 40)
    advisor = advisor_process.finish()
    names = event_names(advisor)
    for milestone in ("connected", "first_remote_video_frame", "first_remote_audio", "ended"):
        assert milestone in names, names
    assert advisor["counters"]["remote_video_frames"] > 30
    assert advisor["counters"]["remote_audio_frames"] > 100
    assert advisor["security_code"] == in_call["securityCode"]
    record = platform_get(platform, f"/calls/{advisor['call_id']}")
    assert record["ended_by"] == "advisor"
    assert advisor["ended"]["billed_seconds"] == record["billed_seconds"] >= 6
    # The page shows the platform's final record once its `call` event has arrived.
    wait_for_state(page, lambda s: s["billedSeconds"] == record["billed_seconds"], 5)
    assert not page_errors(page)
