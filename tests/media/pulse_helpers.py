"""Real PulseAudio moves for device tests: a second null sink that comes and goes, and killing
this process's own stream the way a pulled-out device ends it (PortAudio then reports the loss)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from collections.abc import Iterator

import pytest


def pactl(*args: str) -> str:
    done = subprocess.run(["pactl", *args], capture_output=True, text=True, timeout=10, check=False)
    if done.returncode != 0:
        pytest.fail(f"pactl {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout


def load_null_sink(name: str) -> str:
    """Loads a null sink (and its monitor source); returns the module index to unload."""
    return pactl("load-module", "module-null-sink", f"sink_name={name}", "rate=48000").strip()


def unload(module: str) -> None:
    subprocess.run(["pactl", "unload-module", module], capture_output=True, timeout=10, check=False)


@contextlib.contextmanager
def null_sink(name: str) -> Iterator[str]:
    """A null sink for the test's duration; unloaded at the end even if the test unloaded it."""
    module = load_null_sink(name)
    try:
        yield module
    finally:
        unload(module)


def our_streams(kind: str) -> list[int]:
    """Indexes of this process's sink inputs (``sink-inputs``) or source outputs."""
    listing = pactl("list", kind)
    found: list[int] = []
    index: int | None = None
    for line in listing.splitlines():
        if match := re.match(r"^(Sink Input|Source Output) #(\d+)", line):
            index = int(match.group(2))
        elif index is not None and f'application.process.id = "{os.getpid()}"' in line:
            found.append(index)
    return found


def kill_our_stream(kind: str) -> None:
    """Ends this process's stream in PulseAudio, as a device that vanishes does (pacmd: pactl
    has no kill command). PortAudio's stream then fails and calls its finished callback."""
    command = "kill-sink-input" if kind == "sink-inputs" else "kill-source-output"
    streams = our_streams(kind)
    assert streams, f"no {kind} of this process to kill"
    for index in streams:
        subprocess.run(["pacmd", command, str(index)], capture_output=True, timeout=10, check=True)
