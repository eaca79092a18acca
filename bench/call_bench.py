"""Call benchmark on loopback: the headless app against the simulated customer, N calls.

    .venv/bin/python bench/call_bench.py [--calls N] [--duration S] [--no-chromium]
                                         [--customer bot|chromium|firefox]

Prints medians of: accept -> connected, accept -> first remote video frame, the advisor process's
CPU per call (CPU seconds / wall seconds during the call; 1.0 = one core), and glass-to-glass
video latency (the customer's synthetic camera stamps a frame number with `media.frame_marker`,
the app reads it on arrival; both sides use the machine's monotonic clock). As a baseline, the
same is measured for a Chromium-to-Chromium call on this machine (two peer connections in one
page, fake camera, canvas frame counter for latency) where Chromium is installed.

`--customer chromium|firefox` takes the calls from that browser on the platform's customer page
instead of the simulated customer (`bench/customer_call.py`) and also prints when the browser
presented the advisor's first frame, the codecs and the browser's start time.

Budgets (issue 3): first frame < 1 s after accept, a 640x480 at 30 fps two-way call under one
core, glass-to-glass < 200 ms on loopback.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from platform_server.testing import RunningPlatform  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")


def one_call(platform: RunningPlatform, work: Path, duration: float) -> dict[str, float]:
    advisor_report, customer_report = work / "advisor.json", work / "customer.json"
    headless = subprocess.Popen(
        [sys.executable, "-m", "advisor_app", "headless", "--server", platform.base_url,
         "--email", platform.advisor_email, "--password", platform.advisor_password,
         "--auto-accept", "--duration", str(duration), "--report", str(advisor_report),
         "--frame-markers", "--wait", "60"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_online(platform)
    bot = subprocess.Popen(
        [sys.executable, "-m", "platform_server.customer_bot", "--server", platform.base_url,
         "--advisor", platform.advisor_id, "--duration", str(duration + 30),
         "--report", str(customer_report), "--no-self-test"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if headless.wait(duration + 60) != 0 or bot.wait(60) != 0:
        raise RuntimeError("a call failed; run the two commands by hand to see why")
    advisor = json.loads(advisor_report.read_text())
    customer = json.loads(customer_report.read_text())
    events = {e["event"]: e["t"] for e in advisor["events"]}
    captured = {int(n): t for n, t in customer["capture_times"]}
    latencies = [
        arrived - captured[n] for n, arrived in advisor.get("marker_arrivals", []) if n in captured
    ]
    return {
        "connected_s": events["connected"],
        "first_frame_s": events["first_remote_video_frame"],
        "cpu_cores": advisor["cpu"]["process_seconds"] / advisor["cpu"]["wall_seconds"],
        "glass_to_glass_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "frames_read": float(len(latencies)),
    }


def wait_online(platform: RunningPlatform) -> None:
    token = platform.login_advisor()["access_token"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"{platform.base_url}/api/v1/advisors/{platform.advisor_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            if json.loads(response.read())["presence"] == "online":
                return
        time.sleep(0.1)
    raise RuntimeError("the headless app did not go online")


CHROMIUM_CALL = """
async () => {
  const canvas = document.createElement("canvas"); canvas.width = 640; canvas.height = 480;
  const ctx = canvas.getContext("2d");
  const sent = new Map(); let n = 0;
  const draw = () => {  // a frame counter as 16 black/white blocks, like media/frame_marker
    n += 1; ctx.fillStyle = "#808080"; ctx.fillRect(0, 0, 640, 480);
    for (let i = 0; i < 16; i++) { ctx.fillStyle = (n >> (15 - i)) & 1 ? "#fff" : "#000";
      ctx.fillRect(i * 40, 0, 40, 40); }
    sent.set(n, performance.now());
  };
  setInterval(draw, 33);
  const cam = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
  const stream = canvas.captureStream(30);
  const t0 = performance.now();
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  a.addTrack(stream.getVideoTracks()[0], stream); a.addTrack(cam.getAudioTracks()[0], cam);
  b.addTrack(cam.getVideoTracks()[0], cam); b.addTrack(cam.getAudioTracks()[0], cam);
  const video = document.createElement("video"); video.muted = true; video.autoplay = true;
  document.body.append(canvas, video); let firstFrame = null, connected = null;
  b.ontrack = (e) => {
    if (e.track.kind === "video") video.srcObject = new MediaStream([e.track]);
  };
  a.onconnectionstatechange = () => { if (a.connectionState === "connected" && connected === null)
    connected = performance.now() - t0; };
  await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
  const reader = document.createElement("canvas"); reader.width = 640; reader.height = 40;
  const rctx = reader.getContext("2d", {willReadFrequently: true}); const lat = [];
  await new Promise((done) => {
    const tick = (now) => {
      if (video.readyState >= 2) {
        if (firstFrame === null) firstFrame = performance.now() - t0;
        rctx.drawImage(video, 0, 0, 640, 480, 0, 0, 640, 480);
        const px = rctx.getImageData(0, 0, 640, 40).data; let m = 0;
        for (let i = 0; i < 16; i++) {
          m = (m << 1) | (px[(20 * 640 + i * 40 + 20) * 4] > 128 ? 1 : 0);
        }
        if (sent.has(m)) lat.push(now - sent.get(m));
      }
      if (performance.now() - t0 < 8000) video.requestVideoFrameCallback(tick); else done();
    };
    video.requestVideoFrameCallback(tick);
  });
  lat.sort((x, y) => x - y);
  return {connected_s: connected / 1000, first_frame_s: firstFrame / 1000,
          glass_to_glass_ms: lat.length ? lat[lat.length >> 1] : NaN, frames_read: lat.length};
}
"""


def chromium_baseline(origin: str) -> dict[str, float] | None:
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--use-fake-device-for-media-stream",
                  "--use-fake-ui-for-media-stream", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )  # fmt: skip
        page = browser.new_page()
        page.goto(origin + "/c/")  # a loopback origin: getUserMedia needs a secure context
        cpu_before = _chromium_cpu_seconds()
        started = time.monotonic()
        result: dict[str, float] = page.evaluate(CHROMIUM_CALL)
        wall = time.monotonic() - started
        result["cpu_cores"] = (_chromium_cpu_seconds() - cpu_before) / wall
        browser.close()
        return result


def _chromium_cpu_seconds() -> float:
    """CPU seconds of every Chromium process (both peers live in one browser)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
            name = fields[0].split("(", 1)[1]
            if "chrom" in name:
                parts = fields[1].split()
                ticks += int(parts[11]) + int(parts[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / 100.0  # USER_HZ


def median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument("--customer", choices=["bot", "chromium", "firefox"], default="bot")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, RunningPlatform(Path(tmp) / "platform") as platform:
        if args.customer == "bot":
            for index in range(args.calls):
                rows.append(one_call(platform, Path(tmp), args.duration))
                print(f"call {index + 1}: {rows[-1]}", file=sys.stderr)
        else:
            rows = customer_calls(platform, Path(tmp), args)
        baseline = None if args.no_chromium else chromium_baseline(platform.base_url)
    against = f"app vs {args.customer}"
    print(f"{'median over ' + str(len(rows)) + ' calls':34} {against:>12} {'Chromium':>12}")
    for key, label, scale in (
        ("connected_s", "accept -> connected (ms)", 1000),
        ("first_frame_s", "accept -> first video frame (ms)", 1000),
        ("cpu_cores", "CPU per call (cores)", 1),
        ("glass_to_glass_ms", "glass-to-glass (ms)", 1),
    ):
        base = "n/a" if baseline is None else f"{baseline[key] * scale:12.2f}"
        print(f"{label:34} {median(rows, key) * scale:12.2f} {base:>12}")
    if args.customer != "bot":
        for key, what in (("decoded", "decoded"), ("frame", "shown")):
            label = f"{args.customer}: advisor frame {what} (ms)"
            print(f"{label:34} {median(rows, f'customer_first_{key}_s') * 1000:12.2f}")
        print(f"{'app: first customer audio (ms)':34} {median(rows, 'first_audio_s') * 1000:12.2f}")
        print(f"{args.customer + ': start (s)':34} {rows[0]['launch_s']:12.2f}")
        print(f"codecs: {rows[0]['codecs']}")
    return 0


def customer_calls(platform: RunningPlatform, work: Path, args: argparse.Namespace) -> list[Any]:
    """`args.calls` calls from one browser (started once, as a customer's browser is)."""
    from bench.customer_call import browser_call, launch_time
    from tests.browsers import open_customer_browser

    launch_s = launch_time(args.customer)
    rows = []
    with open_customer_browser(args.customer) as browser:
        for index in range(args.calls):
            row = browser_call(platform, work, args.duration, browser, wait_online)
            rows.append({**row, "launch_s": launch_s})
            print(f"call {index + 1}: {rows[-1]}", file=sys.stderr)
    return rows


if __name__ == "__main__":
    sys.exit(main())
