"""`advisor-app self-test`: does this installation have every part a call needs?

Run by support and by the release build on the frozen app, where a library that PyInstaller left
out shows up only at run time. It checks, without a display, a camera, a sound card or the internet:
the Qt offscreen platform plugin (and that the desktop's plugin is bundled), a VP8 and an Opus frame
through aiortc's own encoders and decoders, libwebrtc's echo cancellation, PortAudio, a keyring
backend, TLS verification against a local server with a throw-away certificate authority, and the
translations.

Each check prints one line: `ok`, `warn` (works, but not fully usable here: no sound device, no
keyring service running) or `FAIL` (a part is missing or broken). Exit status 1 if any check failed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any

from advisor_app.self_test_tls import check_tls

APP_DISTRIBUTION = "advisor-app"
VIDEO_SIZE = (320, 240)
OPUS_SAMPLES = 960  # 20 ms at 48 kHz, the frame size the app sends

# The keyring backend module that holds the system's keychain on each system.
NATIVE_KEYRING = {
    "linux": "keyring.backends.SecretService",
    "darwin": "keyring.backends.macOS",
    "win32": "keyring.backends.Windows",
}


class Outcome(Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "FAIL"


@dataclass(frozen=True)
class CheckResult:
    """What one check found, in a line a person can act on."""

    name: str
    outcome: Outcome
    detail: str


class BrokenPartError(Exception):
    """A check found a missing or broken part; the message says which."""


Check = Callable[[], CheckResult]


def run_checks(checks: Sequence[tuple[str, Check]]) -> list[CheckResult]:
    """Runs every check; a check that raises fails with the exception's message."""
    results = []
    for name, check in checks:
        try:
            results.append(check())
        except Exception as exc:
            why = str(exc) or type(exc).__name__
            results.append(CheckResult(name, Outcome.FAIL, f"{type(exc).__name__}: {why}"))
    return results


def check_vp8() -> CheckResult:
    """A test picture through aiortc's VP8 encoder, RTP packetizer, depacketizer and decoder."""
    import av
    import numpy as np
    from aiortc.codecs.vpx import Vp8Decoder, Vp8Encoder, vp8_depayload
    from aiortc.jitterbuffer import JitterFrame

    width, height = VIDEO_SIZE
    luma = np.tile(np.linspace(16, 235, width, dtype=np.uint8), (height, 1))
    picture = np.concatenate([luma, np.full((height // 2, width), 128, dtype=np.uint8)])
    frame = av.VideoFrame.from_ndarray(picture, format="yuv420p")
    frame.pts, frame.time_base = 0, Fraction(1, 90000)
    payloads, timestamp = Vp8Encoder().encode(frame, force_keyframe=True)
    data = b"".join(vp8_depayload(p) for p in payloads)
    decoded = [
        f for f in Vp8Decoder().decode(JitterFrame(data, timestamp)) if isinstance(f, av.VideoFrame)
    ]
    if len(decoded) != 1 or (decoded[0].width, decoded[0].height) != VIDEO_SIZE:
        raise BrokenPartError(f"decoding gave {len(decoded)} frames of the wrong size")
    back = decoded[0].to_ndarray(format="yuv420p")[:height]
    error = float(np.abs(back.astype(np.int16) - luma.astype(np.int16)).mean())
    if error > 8:
        raise BrokenPartError(
            f"the decoded picture differs from the original (mean error {error:.1f})"
        )
    libavcodec = ".".join(map(str, av.library_versions["libavcodec"]))
    return CheckResult(
        "VP8",
        Outcome.OK,
        f"{width}x{height} frame: {len(data)} bytes in {len(payloads)} RTP payloads, decoded "
        f"(mean error {error:.1f}); libavcodec {libavcodec}",
    )


def check_opus() -> CheckResult:
    """20 ms of a tone through aiortc's Opus encoder and decoder."""
    import av
    import numpy as np
    from aiortc.codecs.opus import OpusDecoder, OpusEncoder
    from aiortc.jitterbuffer import JitterFrame

    encoder, decoder = OpusEncoder(), OpusDecoder()
    t = np.arange(OPUS_SAMPLES * 5) / 48000
    tone = (8000 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)
    decoded_samples = 0
    encoded_bytes = 0
    for n in range(5):  # a few frames: the encoder buffers the first one
        chunk = tone[n * OPUS_SAMPLES : (n + 1) * OPUS_SAMPLES].reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = 48000, n * OPUS_SAMPLES, Fraction(1, 48000)
        payloads, timestamp = encoder.encode(frame)
        for payload in payloads:
            encoded_bytes += len(payload)
            for out in decoder.decode(JitterFrame(payload, timestamp)):
                decoded_samples += out.samples if isinstance(out, av.AudioFrame) else 0
    if decoded_samples < OPUS_SAMPLES:
        raise BrokenPartError(
            f"only {decoded_samples} samples came back from {encoded_bytes} bytes"
        )
    return CheckResult(
        "Opus", Outcome.OK, f"{encoded_bytes} bytes encoded, {decoded_samples} samples decoded"
    )


def check_echo_cancellation() -> CheckResult:
    """libwebrtc's audio processing (livekit's native library, loaded by path) runs on 10 ms."""
    from livekit import rtc

    apm = rtc.AudioProcessingModule(
        echo_cancellation=True, noise_suppression=True, high_pass_filter=True
    )
    for _ in range(5):
        apm.process_reverse_stream(rtc.AudioFrame.create(48000, 1, 480))
        apm.process_stream(rtc.AudioFrame.create(48000, 1, 480))
    return CheckResult("echo", Outcome.OK, "libwebrtc audio processing (AEC, NS) runs")


def check_portaudio() -> CheckResult:
    """PortAudio loads; no sound device is only a warning (many test machines have none)."""
    try:
        import sounddevice as sd
    except (OSError, ImportError) as exc:
        hint = " (install libportaudio2)" if sys.platform.startswith("linux") else ""
        raise BrokenPartError(f"PortAudio library not found{hint}: {exc}") from None
    devices = sd.query_devices()
    host_apis = ", ".join(api["name"] for api in sd.query_hostapis())
    inputs = sum(1 for d in devices if d["max_input_channels"] > 0)
    outputs = sum(1 for d in devices if d["max_output_channels"] > 0)
    found = f"{sd.get_portaudio_version()[1]}; host APIs: {host_apis or 'none'}"
    if not inputs and not outputs:
        return CheckResult("PortAudio", Outcome.WARN, f"{found}; no sound devices (not a failure)")
    return CheckResult("PortAudio", Outcome.OK, f"{found}; {inputs} inputs, {outputs} outputs")


def check_keyring() -> CheckResult:
    """The system keychain's backend is bundled; a keychain service not running is a warning."""
    import keyring
    import keyring.backend

    version = importlib.metadata.version("keyring")  # the entry-point metadata is bundled
    native_name = NATIVE_KEYRING.get(sys.platform)
    if native_name is not None:
        native = importlib.import_module(native_name)
        try:
            priority = native.Keyring.priority
        except Exception as exc:
            if "required" in str(exc).lower():  # e.g. "SecretStorage required"
                raise BrokenPartError(f"{native_name}: {exc}") from None
            reason = f"{native_name.rsplit('.', 1)[-1]} not usable here: {exc}"
        else:
            reason = f"{native_name.rsplit('.', 1)[-1]} priority {priority}"
    else:
        reason = f"no native backend known for {sys.platform}"
    chosen = keyring.get_keyring()
    usable = [k for k in keyring.backend.get_all_keyring() if k.priority > 0]
    detail = f"keyring {version}; {reason}; in use: {type(chosen).__module__}"
    if not usable:
        return CheckResult("keyring", Outcome.WARN, detail + ' ("remember me" is off here)')
    return CheckResult("keyring", Outcome.OK, detail)


def check_tls_result() -> CheckResult:
    return CheckResult("TLS", Outcome.OK, check_tls())


CHECKS: tuple[tuple[str, Check], ...] = (
    ("VP8", check_vp8),
    ("Opus", check_opus),
    ("echo", check_echo_cancellation),
    ("PortAudio", check_portaudio),
    ("keyring", check_keyring),
    ("TLS", check_tls_result),
)


def describe_installation() -> str:
    try:
        version = importlib.metadata.version(APP_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown version"
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    return (
        f"advisor-app {version} ({frozen}; {platform.system()} {platform.machine()}; "
        f"Python {platform.python_version()})"
    )


def report(results: Sequence[CheckResult], out: Any = None) -> int:
    """Prints the results; returns the exit status (1 if any check failed)."""
    stream = out if out is not None else sys.stdout
    for result in results:
        print(f"  {result.outcome.value:<5} {result.name:<13} {result.detail}", file=stream)
    failed = [r.name for r in results if r.outcome is Outcome.FAIL]
    warned = sum(1 for r in results if r.outcome is Outcome.WARN)
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", file=stream)
        return 1
    print(f"self-test passed (warnings: {warned})", file=stream)
    return 0


def main(argv: Sequence[str] | None = None, gui_checks: Sequence[tuple[str, Check]] = ()) -> int:
    """`gui_checks` are the Qt probes (`ui.self_test_checks`), passed in by the entry point:
    the core itself never imports Qt."""
    checks = (*gui_checks, *CHECKS)
    parser = argparse.ArgumentParser(
        prog="advisor-app self-test",
        description="Check that this installation has every part a call needs; exit 1 if not.",
    )
    parser.add_argument("--only", action="append", choices=[n for n, _ in checks], default=[])
    args = parser.parse_args(argv)
    chosen = [(n, c) for n, c in checks if not args.only or n in args.only]
    print(describe_installation(), flush=True)
    return report(run_checks(chosen))
