"""A real PulseAudio with a null sink ``spk``: the speaker plays into it, the microphone listens to
``spk.monitor``, so tests hear what they play (a speaker-to-microphone loopback without hardware).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

SINK = "spk"
MONITOR = f"{SINK}.monitor"


def _pactl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=False)


def _pulse_running() -> bool:
    return _pactl("info").returncode == 0


def _start_pulse() -> None:
    if _pulse_running():
        return
    # As root PulseAudio warns that it is not meant for root, and runs anyway.
    subprocess.run(
        ["pulseaudio", "-D", "--exit-idle-time=-1"], capture_output=True, timeout=20, check=False
    )
    deadline = time.monotonic() + 10
    while not _pulse_running():
        if time.monotonic() > deadline:
            pytest.fail("pulseaudio was started but does not answer pactl info")
        time.sleep(0.1)


def _ensure_null_sink() -> None:
    if SINK not in _pactl("list", "short", "sinks").stdout.split():
        loaded = _pactl("load-module", "module-null-sink", f"sink_name={SINK}", "rate=48000")
        if loaded.returncode != 0:
            pytest.fail(f"cannot load the null sink: {loaded.stderr.strip()}")
    # Full volume both ways, so a tone comes back at the level it was played.
    for args in (
        ("set-sink-volume", SINK, "100%"),
        ("set-sink-mute", SINK, "0"),
        ("set-source-volume", MONITOR, "100%"),
        ("set-source-mute", MONITOR, "0"),
        ("set-default-sink", SINK),
        ("set-default-source", MONITOR),
    ):
        _pactl(*args)


@pytest.fixture(scope="session")
def pulse_null_sink() -> Iterator[str]:
    """PulseAudio running with the ``spk`` null sink; PortAudio rescanned so it sees ``pulse``.

    Yields the PortAudio device name that reaches PulseAudio. Skips only when PulseAudio is not
    installed; a PulseAudio that is installed but does not work fails the test.
    """
    if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
        pytest.skip("pulseaudio is not installed (apt-get install -y pulseaudio libportaudio2)")
    _start_pulse()
    _ensure_null_sink()
    previous = {name: os.environ.get(name) for name in ("PULSE_SINK", "PULSE_SOURCE")}
    os.environ["PULSE_SINK"] = SINK
    os.environ["PULSE_SOURCE"] = MONITOR
    from media import audio_devices

    audio_devices.rescan()  # PortAudio only lists the pulse device once the server runs
    names = [device.name for device in audio_devices.list_devices()]
    if "pulse" not in names:
        pytest.fail(f"PortAudio does not list the pulse device: {names}")
    yield "pulse"
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
