"""A customer whose browser hides its addresses behind mDNS names calls the headless app.

Browsers put `<uuid>.local` names in place of their host addresses when the page holds no
camera permission: Firefox with `media.navigator.permission.disabled`, Chromium when capture is
accepted without a granted permission (`tests.browsers`). The app must neither crash on such a
description nor answer without candidates; the call connects through the browser's checks
(peer-reflexive) or through the names an mDNS responder resolves, whichever comes first.
"""

from __future__ import annotations

import re

import pytest

from platform_server.testing import RunningPlatform
from tests.browsers import CustomerPage, page_errors, wait_for_state
from tests.e2e.browser_calls import ask_for_live_call, assert_advisor_side, wait_media_both_ways
from tests.e2e.call_processes import Launcher, platform_get, wait_for_presence

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


def test_a_browser_hiding_its_addresses_gets_a_working_call(
    platform: RunningPlatform, launcher: Launcher, hiding_page: CustomerPage
) -> None:
    page = hiding_page
    advisor_process = launcher.headless(14)
    wait_for_presence(platform, "online")
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    page.evaluate(KEEP_CONNECTIONS)
    ask_for_live_call(page)

    wait_media_both_ways(page, within_s=30)
    in_call = wait_for_state(page, lambda s: s["audioPacketsSent"] > 150, 20)
    sent = page.evaluate(SENT_CANDIDATES)
    assert sent, "the page offered no candidate at all"
    # The browser really hid every address: no host candidate carries an IP.
    hosts = {line.split(" ")[4] for line in sent}
    assert all(re.fullmatch(r"[0-9a-f-]+\.local", host) for host in hosts), hosts

    wait_for_state(page, lambda s: s["callPhase"] == "ended", 40)
    advisor = advisor_process.finish()
    assert_advisor_side(advisor, in_call)
    record = platform_get(platform, f"/calls/{advisor['call_id']}")
    assert record["ended_by"] == "advisor"
    assert advisor["ended"]["billed_seconds"] == record["billed_seconds"] >= 6
    # The page shows the platform's final record once its `call` event has arrived.
    wait_for_state(page, lambda s: s["billedSeconds"] == record["billed_seconds"], 5)
    assert not page_errors(page)
