"""Chromium for the call benchmark: a camera that numbers its frames, and what a page measures.

Each Chromium gets its own fake camera: a Y4M file of FFmpeg's testsrc2 (the same moving picture
the app's synthetic camera makes, so both ends encode the same kind of content) with a frame
number in the corner of every frame (`media.frame_marker`, on the luma plane), played in a loop by
Chromium's `--use-file-for-fake-video-capture`. `MEASURE_JS`, injected before any page script,
reads that number from every frame the page's camera track delivers (sent) and from every frame a
peer connection receives (arrived), with `performance.now()`: a `MediaStreamTrackProcessor` per
track, copying only the marker's rows of the luma plane. So glass-to-glass on a Chromium end is
measured like the app's: capture to decoded frame, with no pixel conversion on either side.

Each end's video sender keeps its camera's size (`degradationPreference: "maintain-resolution"`),
as the app keeps the size its quality ladder chose: by Chromium's default ("balanced") one end of
a 720p pair dropped itself to 960x540 at ~2.1 Mbit/s on the loaded loopback ("limited by
bandwidth"), and the baseline then encoded and decoded 0.56 of the pixels the app did.

Every Chromium is started with a `--bench-end=NAME` switch (ignored by Chromium) so that its
process tree (browser, GPU, renderers, utilities) can be found and its CPU read from /proc.

Every Chromium runs at the bench's own priority, like the app: Chromium raises its threads where it
may (WebRTC, media and compositor threads to nice -8, its audio threads to real-time scheduling;
seen here as root under `nice 10`), which on a loaded machine let the browsers' ends run far ahead
of the app's. As a desktop user's Chromium, it is started without CAP_SYS_NICE (`setpriv`).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import av

from media import frame_marker

CHROMIUM = Path("/usr/bin/chromium")
LOOP_FRAMES = 150  # five seconds at 30 fps: marker numbers repeat far apart from any latency

MEASURE_JS = r"""
(() => {
  const bench = {sent: [], arrived: [], pcs: [], firstArrival: null, errors: []};
  window.__bench = bench;
  const crc8 = (value) => {
    let crc = 0;
    for (const byte of [(value >> 16) & 255, (value >> 8) & 255, value & 255]) {
      crc ^= byte;
      for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    }
    return crc ^ 0xa5;
  };
  const read = (y, width, stride) => {  // media/frame_marker.read on a luma plane
    const size = Math.max(4, Math.floor(width / 40)), margin = Math.floor(size / 4);
    let word = 0;
    for (let i = 0; i < 32; i++) {
      const row = Math.floor(i / 8), column = i % 8;
      let sum = 0, count = 0;
      for (let yy = row * size + margin; yy < row * size + size - margin; yy++)
        for (let xx = column * size + margin; xx < column * size + size - margin; xx++) {
          sum += y[yy * stride + xx]; count++;
        }
      const mean = sum / count;
      if (mean > 96 && mean < 160) return null;
      word = word * 2 + (mean >= 160 ? 1 : 0);
    }
    const number = Math.floor(word / 256);
    return crc8(number) === word % 256 ? number : null;
  };
  const watch = (track, into, onFirst) => {
    if (typeof MediaStreamTrackProcessor === "undefined") {
      bench.errors.push("no MediaStreamTrackProcessor"); return;
    }
    const reader = new MediaStreamTrackProcessor({track: track.clone()}).readable.getReader();
    const step = async () => {
      for (;;) {
        const {value: frame, done} = await reader.read();
        if (done) return;
        const now = performance.now();
        try {
          const visible = frame.visibleRect, width = visible.width;
          const size = Math.max(4, Math.floor(width / 40));
          const rows = Math.min(visible.height, 4 * size);
          const rect = {x: 0, y: 0, width: 8 * size, height: rows};
          const buffer = new Uint8Array(frame.allocationSize({rect}));
          const layout = await frame.copyTo(buffer, {rect});
          const number = read(buffer.subarray(layout[0].offset), width, layout[0].stride);
          if (onFirst) { onFirst(now); onFirst = null; }
          if (number !== null) into.push([number, now, width, visible.height]);
        } catch (error) {
          if (bench.errors.length < 5) bench.errors.push(String(error));
        } finally {
          frame.close();
        }
      }
    };
    step();
  };
  bench.watchLocal = (track) => watch(track, bench.sent, null);
  const nativeGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await nativeGetUserMedia(constraints);
    for (const track of stream.getVideoTracks()) bench.watchLocal(track);
    return stream;
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      bench.pcs.push(this);
      this.addEventListener("track", (event) => {
        if (event.track.kind === "video")
          watch(event.track, bench.arrived, (t) => { bench.firstArrival ??= t; });
      });
    }
  };
  bench.clock = () => performance.now();
  bench.videoStats = async () => {  // what this end sends and receives, for the report
    const out = {};
    for (const pc of bench.pcs) {
      if (pc.connectionState === "closed") continue;
      for (const stats of (await pc.getStats()).values()) {
        if (stats.kind === "audio" && stats.type === "inbound-rtp")
          out.audio = {jitterBufferDelay: stats.jitterBufferDelay,
                       jitterBufferEmittedCount: stats.jitterBufferEmittedCount,
                       jitterBufferTargetDelay: stats.jitterBufferTargetDelay,
                       jitter: stats.jitter,
                       duration: stats.totalSamplesDuration, at: stats.timestamp};
        if (stats.type === "media-playout")
          out.playout = {delay: stats.totalPlayoutDelay, samples: stats.totalSamplesCount};
        if (stats.kind !== "video") continue;
        if (stats.type === "outbound-rtp")
          out.sent = {width: stats.frameWidth, height: stats.frameHeight,
                      fps: stats.framesPerSecond, bytes: stats.bytesSent, at: stats.timestamp,
                      limitation: stats.qualityLimitationReason};
        if (stats.type === "inbound-rtp")
          out.received = {width: stats.frameWidth, height: stats.frameHeight,
                          fps: stats.framesPerSecond, bytes: stats.bytesReceived,
                          at: stats.timestamp, jitterBufferDelay: stats.jitterBufferDelay,
                          jitterBufferEmittedCount: stats.jitterBufferEmittedCount,
                          totalDecodeTime: stats.totalDecodeTime, jitter: stats.jitter,
                          jitterBufferTargetDelay: stats.jitterBufferTargetDelay,
                          jitterBufferMinimumDelay: stats.jitterBufferMinimumDelay,
                          keyFramesDecoded: stats.keyFramesDecoded,
                          framesDecoded: stats.framesDecoded};
      }
    }
    return out;
  };
})();
"""

# What Chromium's fake microphone (`--use-fake-device-for-media-stream`) sends: a 20 ms beep at
# 400 Hz every 500 ms, silence between (media/audio/fake_audio_input_stream.cc). The app's
# synthetic microphone in the bench sends the same, as both ends' cameras show the same picture:
# the receiving browser holds a sender's picture in step with its speech, and how long it holds
# the speech depends on what the speech is.
FAKE_MICROPHONE = (  # FFmpeg's sine table, silenced but for one 20 ms frame in 25 (cheap, s16)
    "lavfi:sine=frequency=400:sample_rate=48000:samples_per_frame=960,"
    r"volume=eval=frame:precision=fixed:volume='lt(mod(t+0.01\,0.5)\,0.02)'"
)


# What neither end of a measured call does: paint video. The app runs headless (it converts the
# customer's picture for the screen but paints nothing) and a Chromium page of the pair kept its
# pictures below the fold of its page, never painted; the customer page painted both of its
# pictures through Chromium's GPU process (software GL in a headless browser: 0.22-0.25 of a core
# at 720p, measured), which loaded the machine of the app's calls alone. So every measured page
# keeps its video elements in place but unpainted (media still decoded, sound still played;
# through the style object, which the customer page's content security policy allows).
UNPAINTED_JS = """() => {
    for (const video of document.querySelectorAll("video")) video.style.visibility = "hidden";
}"""


def keep_video_unpainted(page: Any) -> None:
    """`page`'s video elements, as they are now, stay unpainted (see `UNPAINTED_JS`)."""
    page.evaluate(UNPAINTED_JS)


# The Chromium end of the baseline call: camera and microphone, the remote picture and sound
# played, and the camera's own picture in a self-view element, as on the customer page (both
# kept unpainted, `keep_video_unpainted`). Offer/answer are carried by Python (no trickle).
PEER_JS = {
    "open": """async ([width, height]) => {
        const stream = await navigator.mediaDevices.getUserMedia(
            {audio: true, video: {width: {ideal: width}, height: {ideal: height},
                                  frameRate: {ideal: 30}}});
        const pc = new RTCPeerConnection();
        window.__peer = pc;
        for (const track of stream.getTracks()) {
            const sender = pc.addTrack(track, stream);
            if (track.kind !== "video") continue;
            // The app keeps the size its quality ladder chose and lowers the frame rate or the
            // picture's quality instead; so does this end (Chromium's default would drop it to
            // 960x540 on a loaded loopback and leave the baseline less to encode).
            const parameters = sender.getParameters();
            parameters.degradationPreference = "maintain-resolution";
            await sender.setParameters(parameters);
        }
        const video = document.createElement("video");
        video.autoplay = true; video.playsInline = true;
        const self = document.createElement("video");  // the self-view, as on the customer page
        self.autoplay = true; self.playsInline = true; self.muted = true;
        self.style.width = "220px";  // the customer page's largest self-view
        self.srcObject = stream;
        document.body.append(video, self);
        pc.ontrack = (event) => { video.srcObject = event.streams[0]; };
    }""",
    "offer": """async () => {
        const pc = window.__peer;
        await pc.setLocalDescription();
        await new Promise((done) => {
            if (pc.iceGatheringState === "complete") done();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && done();
        });
        return pc.localDescription.sdp;
    }""",
    "answer": """async (sdp) => {
        const pc = window.__peer, started = performance.now();
        await pc.setRemoteDescription({type: "offer", sdp});
        await pc.setLocalDescription();
        await new Promise((done) => {
            if (pc.iceGatheringState === "complete") done();
            pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && done();
        });
        return [pc.localDescription.sdp, started];
    }""",
    "accept": """async (sdp) => {
        await window.__peer.setRemoteDescription({type: "answer", sdp});
    }""",
}


def numbered_camera(path: Path, width: int, height: int) -> Path:
    """A Y4M loop of testsrc2 at `width`x`height`, 30 fps, frame i stamped with number i."""
    if path.exists():
        return path
    container = av.open(f"testsrc2=size={width}x{height}:rate=30", format="lavfi")
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420\n".encode())
        for number, frame in enumerate(container.decode(video=0)):
            if number == LOOP_FRAMES:
                break
            picture = frame_marker.stamp_frame(frame.reformat(format="yuv420p"), number)
            out.write(b"FRAME\n")
            for plane in picture.planes:
                rows = memoryview(plane).cast("B")
                for row in range(plane.height):
                    out.write(rows[row * plane.line_size : row * plane.line_size + plane.width])
    container.close()
    partial.rename(path)
    return path


@functools.cache
def _chromium_at_our_priority() -> Path:
    """A wrapper that starts Chromium unable to raise its threads' priority (if `setpriv` is here
    and we may raise it at all; else Chromium itself)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        return CHROMIUM
    folder = tempfile.mkdtemp(prefix="bench-chromium-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    wrapper = Path(folder) / "chromium"
    wrapper.write_text(
        f'#!/bin/sh\nexec {setpriv} --bounding-set -sys_nice --inh-caps -sys_nice {CHROMIUM} "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def launch(playwright: Any, name: str, camera: Path) -> Any:
    """A headless Chromium with the numbered camera, a fake microphone and no prompts, at the
    bench's priority."""
    return playwright.chromium.launch(
        executable_path=str(_chromium_at_our_priority()),
        args=[
            f"--bench-end={name}",
            "--no-sandbox",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={camera}",
            "--use-fake-ui-for-media-stream",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--autoplay-policy=no-user-gesture-required",
        ],
    )


def page_clock_offset(page: Any, rounds: int = 7) -> float:
    """Seconds to add to the page's `performance.now()/1000` to get `time.monotonic()`.

    The round trip of a page call brackets the page's reading; the tightest bracket wins.
    """
    best: tuple[float, float] | None = None
    for _ in range(rounds):
        before = time.monotonic()
        page_ms = float(page.evaluate("() => window.__bench.clock()"))
        after = time.monotonic()
        if best is None or after - before < best[0]:
            best = (after - before, (before + after) / 2 - page_ms / 1000)
    assert best is not None
    return best[1]


def bench_state(page: Any, offset: float) -> dict[str, Any]:
    """Sent and arrived marker times (on `time.monotonic()`) and the page's video figures."""
    raw = page.evaluate(
        """async () => ({sent: window.__bench.sent, arrived: window.__bench.arrived,
                         first: window.__bench.firstArrival, errors: window.__bench.errors,
                         video: await window.__bench.videoStats()})"""
    )
    return {
        "sent": [(int(n), t / 1000 + offset, w, h) for n, t, w, h in raw["sent"]],
        "arrived": [(int(n), t / 1000 + offset, w, h) for n, t, w, h in raw["arrived"]],
        "first_arrival": None if raw["first"] is None else raw["first"] / 1000 + offset,
        "errors": raw["errors"],
        "video": raw["video"],
    }


def hang_up(page: Any) -> None:
    """The customer hangs up, unless the call already ended (then the button is covered)."""
    ended = page.evaluate("() => window.customerTest.state().callPhase") == "ended"
    if not ended:
        page.get_by_test_id("hangup").click(timeout=10_000)
