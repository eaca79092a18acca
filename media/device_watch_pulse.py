"""What PulseAudio has now, asked with ``pactl``: its speakers (sinks), microphones (sources), and
which of them this process's own streams are on.

Why ask PulseAudio at all when PortAudio lists devices: PortAudio reads its list once, and the
only way to read it again closes every open stream (see `media.audio_devices`). While a call or a
meter runs, ``pactl`` is the cheap and harmless way to notice a headset plugged in or pulled out.
It also sees what PortAudio cannot: behind PortAudio's one ``pulse`` device are all of
PulseAudio's sinks, and when one disappears PulseAudio moves our streams to another one without
PortAudio noticing; `our_stream_devices` tells which sink or source our streams are on now.

Every function returns ``None`` when ``pactl`` is missing or does not answer (no PulseAudio):
callers then fall back to PortAudio. The text formats used (``list short`` columns; the
``Name:``, ``Description:``, ``Sink:``, ``Source:`` and ``application.process.id`` lines of the
long listings) are the ones pactl
has printed for a decade; ``--format=json`` would be nicer but needs pactl 16.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Direction = Literal["input", "output"]
PACTL_TIMEOUT_S = 3.0

# Runs pactl with these arguments; returns its standard output, or None when it failed.
PactlRunner = Callable[[list[str]], "str | None"]


@dataclass(frozen=True, slots=True)
class PulseDevice:
    """A PulseAudio sink (speaker) or source (microphone): its name and what people call it."""

    name: str
    description: str


def run_pactl(args: list[str]) -> str | None:
    """``pactl ARGS``; None when pactl is missing, fails or hangs."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 (pactl from PATH, arguments fixed in this module)
            [pactl, *args],
            capture_output=True,
            text=True,
            timeout=PACTL_TIMEOUT_S,
            check=False,
            env={**os.environ, "LC_ALL": "C"},  # the field names below are the English ones
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def list_pulse_devices(
    direction: Direction, pactl: PactlRunner = run_pactl, *, include_monitors: bool = False
) -> list[PulseDevice] | None:
    """PulseAudio's sinks (``output``) or sources (``input``; the ``.monitor`` source that every
    sink has is left out unless asked for: it is not a microphone)."""
    out = pactl(["list", "sinks" if direction == "output" else "sources"])
    if out is None:
        return None
    devices: list[PulseDevice] = []
    name: str | None = None
    description = ""

    def close_block() -> None:
        if name and (include_monitors or not name.endswith(".monitor")):
            devices.append(PulseDevice(name, description or name))

    for line in out.splitlines():
        if _DEVICE_BLOCK.match(line):
            close_block()
            name, description = None, ""
        elif match := _NAME_LINE.match(line):
            name = match.group(1).strip()
        elif match := _DESCRIPTION_LINE.match(line):
            description = match.group(1).strip()
    close_block()
    return devices


_DEVICE_BLOCK = re.compile(r"^(Sink|Source) #\d+")
_NAME_LINE = re.compile(r"^\s+Name:\s*(.+)$")
_DESCRIPTION_LINE = re.compile(r"^\s+Description:\s*(.+)$")
_BLOCK_START = re.compile(r"^(Sink Input|Source Output) #(\d+)")
_DEVICE_LINE = re.compile(r"^\s*(Sink|Source):\s*(\d+)")
_PID_LINE = re.compile(r'^\s*application\.process\.id\s*=\s*"(\d+)"')


def our_stream_devices(
    direction: Direction, pid: int | None = None, pactl: PactlRunner = run_pactl
) -> frozenset[str] | None:
    """Names of the sinks (``output``) or sources (``input``, monitors included) that the
    streams of process ``pid`` (this one) are on now."""
    pid = os.getpid() if pid is None else pid
    kind = "sink-inputs" if direction == "output" else "source-outputs"
    listing = pactl(["list", kind])
    names = pactl(["list", "short", "sinks" if direction == "output" else "sources"])
    if listing is None or names is None:
        return None
    by_index = {}
    for line in names.splitlines():
        columns = line.split("\t")
        if len(columns) >= 2 and columns[0].strip().isdigit():
            by_index[int(columns[0])] = columns[1].strip()
    found: set[str] = set()
    device: int | None = None
    owner: int | None = None

    def close_block() -> None:
        if device is not None and owner == pid and device in by_index:
            found.add(by_index[device])

    for line in listing.splitlines():
        if _BLOCK_START.match(line):
            close_block()
            device, owner = None, None
        elif match := _DEVICE_LINE.match(line):
            device = int(match.group(2))
        elif match := _PID_LINE.match(line):
            owner = int(match.group(1))
    close_block()
    return frozenset(found)
