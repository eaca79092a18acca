"""The customer page tops up the advisor's probe: real Chromium, real platform, aiortc advisor.

While the advisor's app checks whether the line carries video again, it must see the probe's rate
arrive from the page, whatever the browser's own video makes of it (a simple picture, or a
send-side estimate that a drop left low). The page pads the difference on the `fill` channel
and stops when the probe is over.
"""

from __future__ import annotations

import time

import pytest

from platform_server.testing import RunningPlatform
from tests.platform_server.page_helpers import (
    AdvisorRest,
    AiortcAdvisor,
    CustomerPage,
    aiortc_advisor,
    ring_live_request,
    wait_for_state,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

PROBE_KBPS = 300
SPEECH_KBPS = 40  # the page's own allowance for its speech and RTCP on top of the probe's video


def received_kbps(peer: AiortcAdvisor, seconds: float) -> tuple[float, float, float]:
    """Everything that arrived over the next `seconds`, and when that span began and ended."""
    before, begin = peer.received_bytes(), time.monotonic()
    time.sleep(seconds)
    after, end = peer.received_bytes(), time.monotonic()
    return (after - before) * 8 / (end - begin) / 1000, begin, end


def test_the_page_tops_up_a_probe_to_its_rate_and_stops_after_it(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, platform: RunningPlatform
) -> None:
    page = customer_page.page
    request = ring_live_request(customer_page, advisor_rest)
    with aiortc_advisor(platform.base_url, advisor_rest.token) as peer:
        call_id = advisor_rest.call("POST", f"/call-requests/{request['id']}/accept", {})["call_id"]
        peer.answer(call_id)
        wait_for_state(page, lambda s: s["connectionState"] == "connected", timeout=20)
        wait_until(
            lambda: peer.channel is not None and peer.channel.readyState == "open", what="channel"
        )
        # The customer's camera is off: whatever the probe shows from here is padding.
        customer_page.by("toggle-camera").click()
        wait_until(
            lambda: {"v": 1, "type": "camera", "on": False} in peer.control, what="camera off"
        )
        peer.send_control({"v": 1, "type": "video_request", "on": False, "reason": "bandwidth"})
        wait_for_state(page, lambda s: s["videoPaused"])
        time.sleep(0.5)
        paused, _, _ = received_kbps(peer, 1.5)
        assert paused < 120, paused  # speech only

        probe = {"v": 1, "type": "video_request", "on": True, "reason": "probe", "fill": True}
        peer.send_control({**probe, "max_kbps": PROBE_KBPS})
        # The page pads from half a second on (measured from the probe's start): its side shows
        # the probe's rate by the probe's second second, as the app's does (a browser's video
        # climbs for seconds after a pause; padding from 1.5 s left Firefox short until then).
        time.sleep(0.8)
        _, early_begin, early_end = received_kbps(peer, 1.0)
        early = peer.filled_kbps(early_begin, early_end)
        assert early >= 0.6 * PROBE_KBPS, ("padding from the probe's second second", early)
        time.sleep(0.2)
        during, begin, end = received_kbps(peer, 3.0)
        padded = peer.filled_kbps(begin, end)
        target = PROBE_KBPS + SPEECH_KBPS
        assert padded >= 0.8 * PROBE_KBPS, ("the page padded its probe", during, padded)
        # What arrives is the probe's rate: not far short of it, never much more (the padding
        # tops up what the browser sends besides, measured twice a second).
        assert 0.8 * target <= during <= 1.3 * target, (during, padded)

        peer.send_control({"v": 1, "type": "video_request", "on": True, "reason": "bandwidth"})
        time.sleep(1.0)
        after = time.monotonic()
        time.sleep(1.5)
        assert peer.filled_kbps(after, time.monotonic()) == 0, "the padding stopped"
        customer_page.by("hangup").click()
        wait_until(lambda: peer.signals_of(call_id, "hangup"), what="the hangup signal")
