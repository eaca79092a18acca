"""Where the app's CPU goes in a call: perf (native code by library) and py-spy (Python by place).

    .venv/bin/python bench/call_profile.py [--size 640x480] [--seconds 15] [--settle 60] [--top 15]
                                           [--app-root DIR]

The headless app takes a call from Chromium on the customer page (as in `call_bench.py`); once
both ways carry the size (`call_bench.settle`: the estimates ramped up, the app climbed to HD),
`perf record` samples the app's process for `--seconds` (every thread, native code by shared
library; each thread's CPU from `/proc`, named by `py-spy dump`), then `py-spy` samples its
Python stacks as long, summed into the places of a call. Shares are shown as milliseconds of CPU
per video frame pair (at 30 fps one frame is sent and one received every 33 ms). `--app-root`
profiles another checkout's app (its own `.venv`), e.g. main before a change, under the same
conditions.

Needs `perf` (linux-perf) and `py-spy` (the `bench` extra); root or perf_event_paranoid <= 1.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_chromium, bench_measure  # noqa: E402
from bench.call_bench import customer_calls, settle, start_app  # noqa: E402
from platform_server.testing import RunningPlatform  # noqa: E402

# Native code by shared library (perf), first match wins.
LIBRARIES = (
    ("libvpx", "VP8 encode + decode (libvpx)"),
    ("libswscale", "pixel conversion and scaling (swscale)"),
    ("libavfilter", "synthetic camera and microphone (lavfi)"),
    ("libopus", "Opus encode + decode"),
    ("libswresample", "audio resampling"),
    ("libsrtp", "SRTP"),
    ("libcrypto", "DTLS/SRTP crypto (OpenSSL)"),
    ("libssl", "DTLS/SRTP crypto (OpenSSL)"),
    ("libpython", "Python interpreter"),
    ("_multiarray", "numpy"),
    ("kernel", "kernel (sockets, scheduling, futex)"),
    ("libc.so", "libc (memcpy, malloc)"),
    ("libav", "FFmpeg other (libavcodec/util)"),
)
# Python time by where it is spent (py-spy, innermost match wins).
PLACES = (
    ("frame_assembly.py", "jitter buffer"),
    ("jitterbuffer.py", "jitter buffer"),
    ("rate.py", "bandwidth estimate (REMB)"),
    ("codecs/vpx.py", "encode/decode call + packetise"),
    ("codecs/opus.py", "Opus call"),
    ("speech_opus.py", "Opus call"),
    ("video_encoder.py", "encode/decode call + packetise"),
    ("frame_marker.py", "frame markers (measurement)"),
    ("display.py", "display conversion"),
    ("camera.py", "capture"),
    ("quality/video.py", "capture"),
    ("synthetic_audio.py", "microphone"),
    ("microphone.py", "microphone"),
    ("speaker.py", "speaker / playout buffer"),
    ("jitter_buffer.py", "speaker / playout buffer"),
    ("audio_processing.py", "voice processing"),
    ("pylibsrtp", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("rtcdtlstransport.py", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("aioice", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("rtcrtpsender.py", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("rtcrtpreceiver.py", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("rtp.py", "RTP send/receive (SRTP, DTLS, ICE)"),
    ("asyncio", "event loop and thread hand-offs"),
    ("concurrent/futures", "event loop and thread hand-offs"),
    ("threading.py", "event loop and thread hand-offs"),
    ("queue.py", "event loop and thread hand-offs"),
)
_IDLE = ("(selectors.py", "wait (threading.py", "_worker (concurrent", "get (queue.py")


def perf_libraries(pid: int, seconds: float, out: Path) -> dict[str, float]:
    """Share of the process's CPU samples per library group."""
    subprocess.run(
        ["perf", "record", "-F", "499", "-p", str(pid), "-o", str(out), "--",
         "sleep", str(seconds)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    report = subprocess.run(
        ["perf", "report", "-i", str(out), "--no-children", "--sort", "dso", "--stdio",
         "-g", "none"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    shares: dict[str, float] = collections.Counter()
    for line in report.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[0].endswith("%"):
            continue
        share, dso = float(parts[0].rstrip("%")) / 100, " ".join(parts[1:])
        label = next((name for key, name in LIBRARIES if key in dso), "other native")
        shares[label] += share
    return dict(shares)


def _py_spy() -> str:
    return shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")


def py_spy_places(
    pid: int, seconds: float, out: Path, innermost: collections.Counter[str] | None = None
) -> dict[str, float]:
    """Share of the process's busy samples per place (idle waits left out); native code called
    from Python (an encode) counts for the Python function that called it. `innermost` counts
    the busy samples per innermost function (where the time is spent itself)."""
    subprocess.run(
        [_py_spy(), "record",
         "-p", str(pid), "-d", str(int(seconds)), "-r", "200", "--nonblocking", "-f", "raw",
         "-o", str(out)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    places: dict[str, float] = collections.Counter()
    total = 0
    for line in out.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if not frames or any(idle in frames[-1] for idle in _IDLE):
            continue
        total += int(count)
        places[_place(frames)] += int(count)
        if innermost is not None:
            innermost[frames[-1]] += int(count)
    return {place: count / total for place, count in places.items()} if total else {}


def thread_seconds(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) each thread of ``pid`` has used so far, by OS thread id."""
    ticks = os.sysconf("SC_CLK_TCK")
    spent = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            fields = (task / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the thread ended
        spent[int(task.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return spent


def thread_names(pid: int) -> dict[int, str]:
    """Each Python thread's name and where it runs (its outermost frame of the app or aiortc),
    by OS thread id (`py-spy dump`)."""
    dump = subprocess.run(
        [_py_spy(), "dump",
         "-p", str(pid), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    names = {}
    for thread in json.loads(dump):
        frames = [f"{f['name']} ({f['short_filename']})" for f in thread["frames"]]
        own = [f for f in reversed(frames) if not f.endswith(("threading.py)", "thread.py)"))]
        names[thread["os_thread_id"]] = f"{thread['thread_name']}: {own[0] if own else '-'}"
    return names


def cores_by_thread(
    before: dict[int, float], after: dict[int, float], seconds: float, names: dict[int, str]
) -> dict[str, float]:
    """Cores per thread over the window, busiest first; threads that are not Python's (libvpx,
    PortAudio, FFmpeg) are named by their id."""
    cores = {
        names.get(tid, f"native thread {tid}"): (spent - before.get(tid, 0.0)) / seconds
        for tid, spent in after.items()
    }
    return dict(sorted(cores.items(), key=lambda item: -item[1]))


def _place(frames: list[str]) -> str:
    """The innermost frame of the app's own places; the loop and hand-offs only when none."""
    for places in (PLACES[:-4], PLACES[-4:]):
        for frame in reversed(frames):
            match = next((name for key, name in places if key in frame), None)
            if match is not None:
                return match
    return "other Python"


def profile(args: Any) -> dict[str, Any]:
    width, height = (int(v) for v in args.size.split("x"))
    app_root = Path(args.app_root).resolve()
    with (
        tempfile.TemporaryDirectory() as tmp,
        RunningPlatform(Path(tmp) / "platform") as platform,
    ):
        from playwright.sync_api import sync_playwright

        camera = bench_chromium.numbered_camera(Path(tmp) / "camera.y4m", width, height)
        app = start_app(
            platform,
            (width, height),
            args.settle + 2 * args.seconds + 30,
            Path(tmp) / "advisor.json",
            root=app_root,
        )
        with sync_playwright() as playwright:
            browser = bench_chromium.launch(playwright, "customer", camera)
            try:
                page = customer_calls(browser, platform)
                settled = settle([page], width, args.settle)
                window = bench_measure.CpuWindow(app.pid)
                started, threads_before = time.monotonic(), thread_seconds(app.pid)
                window.start(started)
                libraries = perf_libraries(app.pid, args.seconds, Path(tmp) / "perf.data")
                cores = window.stop(time.monotonic())
                threads = cores_by_thread(
                    threads_before,
                    thread_seconds(app.pid),
                    time.monotonic() - started,
                    thread_names(app.pid),
                )
                innermost: collections.Counter[str] = collections.Counter()
                places = py_spy_places(app.pid, args.seconds, Path(tmp) / "spy.raw", innermost)
                video = page.evaluate("async () => await window.__bench.videoStats()")
                bench_chromium.hang_up(page)
                app.wait(60)
            finally:
                browser.close()
                if app.poll() is None:
                    app.kill()
    frame_ms = cores * 1000 / 30  # CPU per 33 ms: one frame each way
    return {
        "app_root": str(app_root),
        "size": args.size,
        "cores": round(cores, 3),
        "settled_s": round(settled, 1),
        "cpu_ms_per_frame_pair": round(frame_ms, 2),
        "native_by_library": {
            k: round(v, 3) for k, v in sorted(libraries.items(), key=lambda i: -i[1])
        },
        "by_thread": {k: round(v, 4) for k, v in threads.items() if v >= 0.0005},
        "by_place": {k: round(v, 3) for k, v in sorted(places.items(), key=lambda i: -i[1])},
        "top_functions": {
            name: round(count / max(1, sum(innermost.values())), 3)
            for name, count in innermost.most_common(args.top)
        },
        "customer_video": video,
        "load_average": bench_measure.load_average(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="640x480")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument(
        "--settle", type=float, default=60.0, help="at most this long to ramp up (to HD at 720p)"
    )
    parser.add_argument("--top", type=int, default=15, help="busiest Python functions shown")
    parser.add_argument("--app-root", default=str(ROOT), help="the checkout whose app is profiled")
    args = parser.parse_args()
    result = profile(args)
    frame_ms = result["cpu_ms_per_frame_pair"]
    print(
        f"app {result['app_root']} at {result['size']}: {result['cores']} cores, "
        f"{frame_ms} ms CPU per frame pair; load {result['load_average']}"
    )
    print("native code (perf):")
    for name, share in result["native_by_library"].items():
        print(f"  {name:44} {share * 100:5.1f} %  {share * frame_ms:6.2f} ms/frame pair")
    print("by thread (cores):")
    for name, thread_cores in result["by_thread"].items():
        print(f"  {thread_cores:6.3f}  {name}")
    print("by place in the app, native code counted where Python called it (py-spy):")
    for name, share in result["by_place"].items():
        print(f"  {name:44} {share * 100:5.1f} %  {share * frame_ms:6.2f} ms/frame pair")
    print("busiest Python functions themselves, native code they call included (py-spy):")
    for name, share in result["top_functions"].items():
        print(f"  {share * 100:5.1f} %  {name}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
