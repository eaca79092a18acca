"""One benchmark call with a real browser as the customer (`call_bench.py --customer NAME`).

The headless app takes a live call from Chromium or Firefox on the platform's customer page
(`tests.browsers`: fake camera and microphone). Besides the app's own figures (accept ->
connected, accept -> first frame of the customer, its CPU) it reads, in the page, when the
browser's first frame of the advisor was presented: a hook keeps the page's peer connection and
times its first video frame (requestVideoFrameCallback) from the moment the page learnt of the
accept (the connection is made then). Glass-to-glass needs numbered frames from the customer's
camera, which the browsers' fake cameras do not give: it is left out here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from platform_server.testing import RunningPlatform
from tests.browsers import BrowserName, CustomerBrowser, open_customer_browser, wait_for_state

ROOT = Path(__file__).resolve().parents[1]

# Times (performance.now, ms) of the page's first peer connection: made, connected, first frame
# decoded (stats polled every 20 ms) and first frame presented (requestVideoFrameCallback).
TIME_FIRST_FRAME = """() => {
    const Original = window.RTCPeerConnection;
    const times = (window.benchTimes = {});
    window.RTCPeerConnection = function (...args) {
        const pc = new Original(...args);
        if (times.created !== undefined) return pc;
        times.created = performance.now();
        window.benchConnection = pc;
        pc.addEventListener("connectionstatechange", () => {
            if (pc.connectionState === "connected" && times.connected === undefined) {
                times.connected = performance.now();
            }
        });
        const decoded = setInterval(async () => {  // decoding, apart from painting
            const report = await pc.getStats();
            report.forEach((stat) => {
                if (stat.type === "inbound-rtp" && stat.kind === "video" && stat.framesDecoded > 0
                    && times.firstDecoded === undefined) {
                    times.firstDecoded = performance.now();
                    clearInterval(decoded);
                }
            });
        }, 20);
        pc.addEventListener("track", (event) => {
            if (event.track.kind !== "video") return;
            const video = document.createElement("video");
            video.muted = true;
            video.srcObject = new MediaStream([event.track]);
            video.requestVideoFrameCallback(() => { times.firstFrame = performance.now(); });
            video.play().catch(() => {});
        });
        return pc;
    };
    window.RTCPeerConnection.prototype = Original.prototype;
}"""
# What the browser sends and receives, by kind: "video/VP8 out, video/VP8 in", …
CODECS = """async () => {
    const report = await window.benchConnection.getStats();
    const found = [];
    report.forEach((stat) => {
        if (stat.type !== "inbound-rtp" && stat.type !== "outbound-rtp") return;
        const codec = stat.codecId ? report.get(stat.codecId) : null;
        if (codec) found.push(`${codec.mimeType} ${stat.type === "inbound-rtp" ? "in" : "out"}`);
    });
    return found.sort();
}"""


def launch_time(name: BrowserName) -> float:
    """Seconds from starting the browser to its first page being usable."""
    started = time.monotonic()
    with open_customer_browser(name) as browser:
        browser.new_page().close()
        return time.monotonic() - started


def browser_call(
    platform: RunningPlatform,
    work: Path,
    duration: float,
    browser: CustomerBrowser,
    wait_online: Callable[[RunningPlatform], None],
) -> dict[str, Any]:
    report = work / "advisor.json"
    headless = subprocess.Popen(
        [sys.executable, "-m", "advisor_app", "headless", "--server", platform.base_url,
         "--email", platform.advisor_email, "--password", platform.advisor_password,
         "--auto-accept", "--duration", str(duration), "--report", str(report), "--wait", "60"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_online(platform)
    page = browser.new_page()
    try:
        page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
        page.evaluate(TIME_FIRST_FRAME)
        page.fill("live-alias", "Bench")
        page.fill("live-age", "40")
        page.click("live-call")
        wait_for_state(page, lambda s: s["framesDecoded"] > 0 and s["audioPacketsSent"] > 0, 60)
        codecs = page.evaluate(CODECS)
        wait_for_state(page, lambda s: s["callPhase"] == "ended", duration + 60)
        times: dict[str, Any] = page.evaluate("() => window.benchTimes")
    finally:
        page.close()
    if headless.wait(60) != 0:
        raise RuntimeError("the headless call failed; run it by hand to see why")
    advisor = json.loads(report.read_text())
    events = {e["event"]: e["t"] for e in advisor["events"]}
    return {
        "connected_s": events["connected"],
        "first_frame_s": events["first_remote_video_frame"],
        "first_audio_s": events.get("first_remote_audio", float("nan")),
        "cpu_cores": advisor["cpu"]["process_seconds"] / advisor["cpu"]["wall_seconds"],
        "glass_to_glass_ms": float("nan"),
        "customer_connected_s": (times["connected"] - times["created"]) / 1000,
        "customer_first_decoded_s": (times["firstDecoded"] - times["created"]) / 1000,
        "customer_first_frame_s": (times["firstFrame"] - times["created"]) / 1000,
        "codecs": ", ".join(codecs),
    }
