"""Call benchmark on loopback: the headless app against a real Chromium customer, and Chromium to
Chromium as the baseline, at each size, in one run.

    .venv/bin/python bench/call_bench.py [--sizes 640x480,1280x720] [--window S] [--settle S]
                                         [--repeat N] [--no-baseline] [--json]
                                         [--customer chromium|firefox]

For each size and each repetition, two calls, one after the other:
- app: `advisor-app headless` (synthetic camera testsrc2 at the size, 30 fps, frame numbers
  stamped; its synthetic microphone beeping as Chromium's fake one does) takes a live call
  from Chromium on the platform's own customer page (its camera a numbered testsrc2 loop at
  the size, `bench/bench_chromium.py`);
- chromium: two Chromium browsers, each with the same numbered camera, call each other directly
  (offer/answer carried by this script) and play the other's picture and sound, each keeping its
  camera's size as the app does (`bench_chromium.PEER_JS`).
No end paints video (`bench_chromium.keep_video_unpainted`): the app runs headless, and the
Chromium pages keep their video elements unpainted, or the customer page's painting (software GL
in a headless browser) would load the machine of the app's calls alone.
Each call settles first (up to `--settle` s: until both ends receive the full size, so the app
has climbed to HD and the bandwidth estimates have ramped up), then every end's process tree
is measured over the same `--window` seconds (`bench/bench_measure.py`):
- `cpu_cores_per_end`: CPU seconds / wall seconds of one end (1.0 = one core). App: the app's
  process. Chromium: the mean of its two browsers, each measured apart (all their processes);
- `glass_to_glass_ms`: capture to decoded frame on the other end, the median over the window of
  the slower direction (app: Chromium->app and app->Chromium, both reported);
- `first_frame_ms`: from the moment the answering end has the offer to its first decoded remote
  video frame (the app answers the customer page's offer; in the pair, one Chromium answers the
  other's). Also for the app: `accept_to_first_frame_ms`, from the advisor's accept, which adds
  all the customer page does before it offers (its camera, its speakers playing: up to 3 s).
Also reported: what each end sent and received (size, frames/s, kbit/s), where the receiving
browser held it (`jitter_ms`: RFC 3550 inter-arrival jitter; `jitter_buffer_ms`, with
`target_ms` and `minimum_ms`: what it meant to hold and the least the jitter alone needed, the
rest being its picture waiting for the same sender's speech; the speech's `audio_jitter_buffer_ms`
and its sound device's `audio_playout_delay_ms`), and the machine's load average, since other
work on the machine inflates every figure: compare app and Chromium of the same run, and repeat.

`--timeline` prints, for each second of a call's warm-up, where the receiving browser held the
picture and the speech (on stderr).

`--customer firefox` takes `--repeat` calls from Firefox on the customer page instead
(`bench/customer_call.py`): when Firefox decoded and showed the advisor's first frame, the app's
first frame and audio, its CPU over the call and the codecs (no numbered camera in Firefox: no
glass-to-glass, no sizes).

The human table goes to stdout; `--json` adds, as the last line, one JSON object:
{"sizes": {"640x480": {"app": {...}, "chromium": {...}}, "1280x720": {...}}, "load_average": ...}

Budgets (issue 16): at each size the app's CPU per end at most Chromium's, glass-to-glass at most
1.2 times Chromium's, a two-way 720p call under one core for the app.
"""

from __future__ import annotations

import argparse
import json
import os
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

from bench import bench_chromium, bench_measure  # noqa: E402
from network.video_allowance import allow_video_kbps  # noqa: E402
from network.video_encoder import HD_MAX_BITRATE  # noqa: E402
from platform_server.testing import RunningPlatform  # noqa: E402

Result = dict[str, Any]
# Both ends' bandwidth estimates ramp up after the call starts; aiortc's encoder reopens (with a
# keyframe) on each step and the receiving browser's jitter buffer grows with the keyframes. A call
# is measured as it runs after that: 15 s in, the estimates are at their ceilings on loopback.
WARM_UP_S = 15.0
FULL_PIXELS = 640 * 480


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


# What `--timeline` prints each second while a call settles: where the first page held what it
# received (a picture held far above its minimum waits for the speech: the browser's lip sync).
TIMELINE_FIGURES = (
    "jitter_buffer_ms", "target_ms", "minimum_ms",
    "audio_jitter_buffer_ms", "audio_target_ms", "audio_playout_delay_ms",
)  # fmt: skip


def settle(pages: list[Any], width: int, within_s: float, timeline: str | None = None) -> float:
    """Waits until every page sends and receives `width`-wide video (bandwidth estimates ramped
    up, the app climbed to HD) or `within_s` passed; returns the wait. With `timeline` (a label)
    the first page's figures of each second of the warm-up go to stderr."""
    started = time.monotonic()
    if timeline is None:
        pages[0].wait_for_timeout(WARM_UP_S * 1000)
    else:
        previous = None
        while time.monotonic() - started < WARM_UP_S:
            video = pages[0].evaluate("async () => await window.__bench.videoStats()")
            if previous is not None:
                received = video_figures(video, previous).get("received", {})
                figures = {key: received.get(key) for key in TIMELINE_FIGURES}
                at = time.monotonic() - started
                print(f"{timeline} {at:5.1f} s: {json.dumps(figures)}", file=sys.stderr)
            previous = video
            pages[0].wait_for_timeout(1000)
    while time.monotonic() - started < within_s:
        widths = []
        for page in pages:
            video = page.evaluate("async () => await window.__bench.videoStats()")
            widths += [(video.get(side) or {}).get("width") for side in ("sent", "received")]
        if all(w == width for w in widths):
            break
        pages[0].wait_for_timeout(500)
    return time.monotonic() - started


def measure_window(
    pages: list[Any], windows: list[bench_measure.CpuWindow], seconds: float
) -> tuple[float, float]:
    start = time.monotonic()
    for window in windows:
        window.start(start)
    pages[0].wait_for_timeout(seconds * 1000)
    end = time.monotonic()
    for window in windows:
        window.stop(end)
    return start, end


def video_figures(video: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """Size, frames/s and kbit/s of a page's sent and received video (rates over the window)."""
    out: dict[str, Any] = {}
    for side in ("sent", "received"):
        now = video.get(side)
        if not now:
            continue
        figures = {"size": f"{now.get('width')}x{now.get('height')}", "fps": now.get("fps")}
        before = (previous or {}).get(side)
        if before and now.get("at", 0) > before.get("at", 0):
            seconds = (now["at"] - before["at"]) / 1000
            figures["kbps"] = round((now["bytes"] - before["bytes"]) * 8 / seconds / 1000)
        if now.get("jitter") is not None:  # RFC 3550 inter-arrival jitter the receiver measured
            figures["jitter_ms"] = round(now["jitter"] * 1000, 1)
        if now.get("limitation"):
            figures["limited_by"] = now["limitation"]
        emitted = now.get("jitterBufferEmittedCount", 0) - (before or {}).get(
            "jitterBufferEmittedCount", 0
        )
        if emitted > 0:  # where a received frame waited in the browser (ms per frame)
            delay = now["jitterBufferDelay"] - (before or {}).get("jitterBufferDelay", 0)
            figures["jitter_buffer_ms"] = round(delay / emitted * 1000, 1)
            # What the browser meant to hold, and the least it had to (its A/V sync's share).
            for key, name in (
                ("jitterBufferTargetDelay", "target_ms"),
                ("jitterBufferMinimumDelay", "minimum_ms"),
            ):
                if key in now:
                    held = now[key] - (before or {}).get(key, 0)
                    figures[name] = round(held / emitted * 1000, 1)
            if "keyFramesDecoded" in now:
                figures["keyframes"] = now["keyFramesDecoded"] - (before or {}).get(
                    "keyFramesDecoded", 0
                )
        decoded = now.get("framesDecoded", 0) - (before or {}).get("framesDecoded", 0)
        if decoded > 0:
            spent = now["totalDecodeTime"] - (before or {}).get("totalDecodeTime", 0)
            figures["decode_ms"] = round(spent / decoded * 1000, 1)
        out[side] = figures
    playout, playout_before = video.get("playout") or {}, (previous or {}).get("playout") or {}
    samples = playout.get("samples", 0) - playout_before.get("samples", 0)
    if samples > 0 and "received" in out:  # the sound device's share of the speech's wait
        delay = playout["delay"] - playout_before.get("delay", 0)
        out["received"]["audio_playout_delay_ms"] = round(delay / samples * 1000, 1)
    audio, audio_before = video.get("audio") or {}, (previous or {}).get("audio") or {}
    emitted = audio.get("jitterBufferEmittedCount", 0) - audio_before.get(
        "jitterBufferEmittedCount", 0
    )
    if emitted > 0 and "received" in out:
        # The received video is shown in step with the same sender's audio (one media stream):
        # where the audio waits longer, so does the video.
        delay = audio["jitterBufferDelay"] - audio_before.get("jitterBufferDelay", 0)
        out["received"]["audio_jitter_buffer_ms"] = round(delay / emitted * 1000, 1)
        # What the browser meant to hold (its estimate of the sender's jitter), for comparison.
        target = audio.get("jitterBufferTargetDelay", 0) - audio_before.get(
            "jitterBufferTargetDelay", 0
        )
        out["received"]["audio_target_ms"] = round(target / emitted * 1000, 1)
        if audio.get("jitter") is not None:
            out["received"]["audio_jitter_ms"] = round(audio["jitter"] * 1000, 1)
        played = audio.get("duration", 0) - audio_before.get("duration", 0)
        seconds = (audio.get("at", 0) - audio_before.get("at", 0)) / 1000
        if played > 0 and seconds > 0:
            # Seconds of sound played per second: a starved browser (its audio thread late on a
            # loaded machine) plays slower than real time, its buffer grows past the target
            # whatever the sender does, and the video waits with it.
            out["received"]["audio_playout_rate"] = round(played / seconds, 3)
    return out


def start_app(
    platform: RunningPlatform,
    size: tuple[int, int],
    duration: float,
    report: Path,
    root: Path = ROOT,
) -> subprocess.Popen[bytes]:
    """`advisor-app headless` of the checkout at `root`, its synthetic camera at `size`."""
    python = sys.executable if root == ROOT else str(root / ".venv" / "bin" / "python")
    return subprocess.Popen(
        [python, "-m", "advisor_app", "headless",
         "--server", platform.base_url, "--email", platform.advisor_email,
         "--password", platform.advisor_password, "--auto-accept", "--duration", str(duration),
         "--report", str(report), "--frame-markers", "--wait", "60",
         "--camera", f"lavfi:testsrc2=size={size[0]}x{size[1]}:rate=30",
         "--microphone", bench_chromium.FAKE_MICROPHONE],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # another checkout stays as it is
    )  # fmt: skip


def customer_calls(browser: Any, platform: RunningPlatform) -> Any:
    """Once the app is online, Chromium requests a live call on the customer page; returns the
    page once the advisor's video arrives on it."""
    wait_online(platform)
    page = browser.new_page()
    page.add_init_script(bench_chromium.MEASURE_JS)
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    bench_chromium.keep_video_unpainted(page)
    page.wait_for_function("() => window.customerTest && window.customerTest.state().socketOnline")
    page.get_by_test_id("live-alias").fill("Clara")
    page.get_by_test_id("live-age").fill("34")
    page.get_by_test_id("live-call").click()
    page.wait_for_function("() => window.__bench.arrived.length > 0", timeout=30_000)
    return page


def app_call(
    platform: RunningPlatform, playwright: Any, camera: Path, size: tuple[int, int], args: Any
) -> Result:
    """The headless app takes a call from Chromium on the customer page."""
    width = size[0]
    work = Path(tempfile.mkdtemp(prefix="call-bench-"))
    report_path = work / "advisor.json"
    app = start_app(platform, size, args.settle + args.window + 60, report_path)
    browser = bench_chromium.launch(playwright, "customer", camera)
    try:
        page = customer_calls(browser, platform)
        settled = settle([page], width, args.settle, "app" if args.timeline else None)
        offset = bench_chromium.page_clock_offset(page)
        before = bench_chromium.bench_state(page, offset)["video"]
        windows = [
            bench_measure.CpuWindow(app.pid),
            bench_measure.CpuWindow(bench_measure.find_process("--bench-end=customer")),
        ]
        span = measure_window([page], windows, args.window)
        state = bench_chromium.bench_state(page, offset)
        bench_chromium.hang_up(page)
        if app.wait(60) != 0:
            raise RuntimeError("the app's call failed; run it by hand to see why")
    finally:
        browser.close()
        if app.poll() is None:
            app.kill()
    report = json.loads(report_path.read_text())
    events = {event["event"]: event["t"] for event in report["events"]}
    to_app = bench_measure.latencies_ms(
        [(n, t) for n, t, *_ in state["sent"]], report.get("marker_arrivals", []), span
    )
    from_app = bench_measure.latencies_ms(
        [tuple(item) for item in report.get("capture_times", [])],
        [(n, t) for n, t, *_ in state["arrived"]],
        span,
    )
    directions = {
        "chromium_to_app": bench_measure.median(to_app),
        "app_to_chromium": bench_measure.median(from_app),
    }
    return {
        "cpu_cores_per_end": windows[0].cores,
        "glass_to_glass_ms": max(directions.values()),
        "first_frame_ms": (
            events.get("first_remote_video_frame", float("nan"))
            - events.get("offer_received", float("nan"))
        )
        * 1000,
        "accept_to_first_frame_ms": events.get("first_remote_video_frame", float("nan")) * 1000,
        "glass_to_glass_ms_by_direction": directions,
        "frames_measured": {"chromium_to_app": len(to_app), "app_to_chromium": len(from_app)},
        "customer_chromium_cpu_cores": windows[1].cores,
        "customer_video": video_figures(state["video"], before),
        "settled_s": round(settled, 1),
        "load_average": bench_measure.load_average(),
        "page_errors": state["errors"],
    }


def chromium_call(
    playwright: Any, origin: str, camera: Path, size: tuple[int, int], args: Any
) -> Result:
    """Two Chromium browsers call each other; each end measured apart."""
    width, height = size
    browsers = [bench_chromium.launch(playwright, name, camera) for name in ("a", "b")]
    try:
        pages = []
        for browser in browsers:
            page = browser.new_page()
            page.add_init_script(bench_chromium.MEASURE_JS)
            page.goto(origin + "/c/style.css")  # any page of a secure (loopback) origin
            page.evaluate(bench_chromium.PEER_JS["open"], [width, height])
            bench_chromium.keep_video_unpainted(page)
            pages.append(page)
        a, b = pages
        offer = a.evaluate(bench_chromium.PEER_JS["offer"])
        if width * height > FULL_PIXELS:  # HD: the ceiling the app allows, both ways
            offer = allow_video_kbps(offer, HD_MAX_BITRATE // 1000)
        answer, accepted_ms = b.evaluate(bench_chromium.PEER_JS["answer"], offer)
        if width * height > FULL_PIXELS:
            answer = allow_video_kbps(answer, HD_MAX_BITRATE // 1000)
        a.evaluate(bench_chromium.PEER_JS["accept"], answer)
        for page in pages:
            page.wait_for_function("() => window.__bench.arrived.length > 0", timeout=30_000)
        settled = settle(pages, width, args.settle, "chromium" if args.timeline else None)
        offsets = [bench_chromium.page_clock_offset(page) for page in pages]
        before = [
            bench_chromium.bench_state(p, o)["video"] for p, o in zip(pages, offsets, strict=True)
        ]
        windows = [
            bench_measure.CpuWindow(bench_measure.find_process(f"--bench-end={name}"))
            for name in ("a", "b")
        ]
        span = measure_window(pages, windows, args.window)
        states = [bench_chromium.bench_state(p, o) for p, o in zip(pages, offsets, strict=True)]
    finally:
        for browser in browsers:
            browser.close()
    sa, sb = states
    a_to_b = bench_measure.latencies_ms(
        [(n, t) for n, t, *_ in sa["sent"]], [(n, t) for n, t, *_ in sb["arrived"]], span
    )
    b_to_a = bench_measure.latencies_ms(
        [(n, t) for n, t, *_ in sb["sent"]], [(n, t) for n, t, *_ in sa["arrived"]], span
    )
    directions = {"a_to_b": bench_measure.median(a_to_b), "b_to_a": bench_measure.median(b_to_a)}
    first = (
        sb["first_arrival"] - (accepted_ms / 1000 + offsets[1])
        if sb["first_arrival"]
        else float("nan")
    )
    return {
        "cpu_cores_per_end": statistics.fmean(window.cores for window in windows),
        "glass_to_glass_ms": max(directions.values()),
        "first_frame_ms": first * 1000,
        "glass_to_glass_ms_by_direction": directions,
        "frames_measured": {"a_to_b": len(a_to_b), "b_to_a": len(b_to_a)},
        "cpu_cores_each_end": [window.cores for window in windows],
        "video": [video_figures(s["video"], v) for s, v in zip(states, before, strict=True)],
        "settled_s": round(settled, 1),
        "load_average": bench_measure.load_average(),
        "page_errors": sa["errors"] + sb["errors"],
    }


KEYS = ("cpu_cores_per_end", "glass_to_glass_ms", "first_frame_ms")


def combined(runs: list[Result]) -> Result:
    """The median of each headline figure over the repetitions; the runs themselves kept."""
    out: Result = {key: statistics.median(run[key] for run in runs) for key in KEYS}
    out["runs"] = runs
    return out


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


# A direction with fewer frames than this share of the other's lost frames on the way (the
# app's HD once arrived at 3-4 frames a second: 33 of 300).
FRAMES_EXPECTED = 0.9
# Below this many seconds of sound played per second, a receiving browser was starved of CPU.
STARVED_PLAYOUT = 0.97


def caveats(size: str, sides: dict[str, Result]) -> list[str]:
    """What makes a size's comparison unfair or noisy, in words, for the table and the JSON."""
    notes = []
    cores = os.cpu_count() or 1
    for side, result in sides.items():
        for run in result["runs"]:
            load = run["load_average"][0]
            if load > cores:
                notes.append(f"{side}: load average {load} on {cores} cores: figures are noisy")
            measured = run["frames_measured"]
            fewest = min(measured, key=measured.get)
            if measured[fewest] < FRAMES_EXPECTED * max(measured.values()):
                notes.append(
                    f"{side}: {fewest} only {measured[fewest]} frames against "
                    f"{max(measured.values())} the other way: frames were dropped on the way"
                )
            videos = [run["customer_video"]] if side == "app" else run["video"]
            for video in videos:
                for way in ("sent", "received"):
                    shown = (video.get(way) or {}).get("size")
                    if shown != size:
                        who = "the customer" if side == "app" else "a Chromium end"
                        notes.append(f"{side}: {who} {way} {shown}, not {size}")
                rate = (video.get("received") or {}).get("audio_playout_rate", 1.0)
                if rate < STARVED_PLAYOUT:
                    notes.append(
                        f"{side}: a receiving browser played its sound at {rate:.2f}x real time "
                        "(starved): its buffers and the video shown in step grew, whoever sent"
                    )
    return sorted(set(notes))


def print_table(sizes: dict[str, dict[str, Result]]) -> None:
    rows = (
        ("cpu_cores_per_end", "CPU per end (cores)", "{:.2f}"),
        ("glass_to_glass_ms", "glass-to-glass, slower way (ms)", "{:.0f}"),
        ("first_frame_ms", "offer -> first frame (ms)", "{:.0f}"),
    )
    print(f"{'':34} {'app':>10} {'Chromium':>10} {'app/Chromium':>13}")
    for size, sides in sizes.items():
        print(size)
        for key, label, form in rows:
            app, base = sides["app"][key], sides.get("chromium", {}).get(key, float("nan"))
            ratio = app / base if base else float("nan")
            print(f"  {label:32} {form.format(app):>10} {form.format(base):>10} {ratio:13.2f}")
        for run in sides["app"]["runs"]:
            directions = ", ".join(
                f"{k} {v:.0f}" for k, v in run["glass_to_glass_ms_by_direction"].items()
            )
            accept = run["accept_to_first_frame_ms"]
            print(f"  app run: {directions} ms; accept -> first frame {accept:.0f} ms")
            print(f"           customer sent {run['customer_video'].get('sent')}")
            print(
                f"           received {run['customer_video'].get('received')}; "
                f"load {run['load_average']}"
            )
        for run in sides.get("chromium", {}).get("runs", []):
            each = ", ".join(f"{c:.2f}" for c in run["cpu_cores_each_end"])
            print(
                f"  Chromium run: cores per end {each}; a sent {run['video'][0].get('sent')}; "
                f"load {run['load_average']}"
            )
        for note in sides.get("caveats", []):
            print(f"  caveat: {note}")


def firefox_calls(args: argparse.Namespace) -> int:
    """`--repeat` calls from Firefox on the customer page (`bench/customer_call.py`), each
    `--window` s: Firefox has no numbered fake camera, so no glass-to-glass and no sizes."""
    from bench.customer_call import browser_call, launch_time
    from tests.browsers import open_customer_browser

    launch_s = launch_time("firefox")
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        RunningPlatform(Path(tmp) / "platform") as platform,
        open_customer_browser("firefox") as browser,
    ):
        for index in range(args.repeat):
            rows.append(browser_call(platform, Path(tmp), args.window, browser, wait_online))
            print(f"firefox call {index + 1}: {json.dumps(rows[-1])}", file=sys.stderr)
    for key, label in (
        ("connected_s", "app: accept -> connected (ms)"),
        ("first_frame_s", "app: accept -> first frame (ms)"),
        ("first_audio_s", "app: first customer audio (ms)"),
        ("customer_first_decoded_s", "firefox: advisor frame decoded (ms)"),
        ("customer_first_frame_s", "firefox: advisor frame shown (ms)"),
    ):
        print(f"{label:36} {statistics.median(row[key] for row in rows) * 1000:10.0f}")
    cores = statistics.median(row["cpu_cores"] for row in rows)
    print(f"{'app: CPU over the call (cores)':36} {cores:10.2f}")
    print(f"{'firefox: start (s)':36} {launch_s:10.2f}")
    print(f"codecs: {rows[0]['codecs']}")
    if args.json:
        print(json.dumps({"customer": "firefox", "launch_s": launch_s, "calls": rows}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="640x480,1280x720", help="comma-separated WxH")
    parser.add_argument("--window", type=float, default=10.0, help="seconds measured per call")
    # 60: on loopback the app climbs to HD ~35 s into a call (the other side's estimate ramps up
    # ~8 % a second, then 1.8 Mbit/s must hold for 8 s); measured earlier, "720p" was 640x360.
    parser.add_argument("--settle", type=float, default=60.0, help="at most this long to ramp up")
    parser.add_argument("--repeat", type=int, default=1, help="calls of each kind per size")
    parser.add_argument("--no-baseline", action="store_true", help="skip Chromium to Chromium")
    parser.add_argument("--json", action="store_true", help="print the JSON object last")
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="print each second of a call's warm-up: where the receiving browser held its media",
    )
    parser.add_argument(
        "--customer",
        choices=["chromium", "firefox"],
        default="chromium",
        help="firefox: first frames, the app's CPU and the codecs of calls from Firefox instead",
    )
    args = parser.parse_args()
    if args.customer == "firefox":
        return firefox_calls(args)
    if not bench_chromium.CHROMIUM.exists():
        print(f"needs Chromium at {bench_chromium.CHROMIUM}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sizes: dict[str, dict[str, Result]] = {}
    load_before = bench_measure.load_average()
    with (
        tempfile.TemporaryDirectory() as tmp,
        RunningPlatform(Path(tmp) / "platform") as platform,
        sync_playwright() as playwright,
    ):
        for text in args.sizes.split(","):
            size = parse_size(text)
            name = f"{size[0]}x{size[1]}"
            camera = bench_chromium.numbered_camera(Path(tmp) / f"camera-{name}.y4m", *size)
            app_runs, base_runs = [], []
            for index in range(args.repeat):
                app_runs.append(app_call(platform, playwright, camera, size, args))
                print(f"{name} app {index + 1}: {json.dumps(app_runs[-1])}", file=sys.stderr)
                if not args.no_baseline:
                    base_runs.append(
                        chromium_call(playwright, platform.base_url, camera, size, args)
                    )
                    print(
                        f"{name} chromium {index + 1}: {json.dumps(base_runs[-1])}", file=sys.stderr
                    )
            sizes[name] = {"app": combined(app_runs)}
            if base_runs:
                sizes[name]["chromium"] = combined(base_runs)
            sizes[name]["caveats"] = caveats(name, sizes[name])
    print_table(sizes)
    load = {"before": load_before, "after": bench_measure.load_average()}
    print(f"load average (1, 5, 15 min): before {load['before']}, after {load['after']}")
    if args.json:
        print(json.dumps({"sizes": sizes, "load_average": load}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
