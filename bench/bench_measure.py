"""What the call benchmark measures, for any end: CPU of a process tree, glass-to-glass latency.

CPU: user + system time of a process and all its descendants from /proc, read at the start and
the end of the measurement window; cores = CPU seconds / wall seconds. Every end is measured on
its own process tree (the app's process; each Chromium's browser, GPU, renderer and utility
processes), over the same window, so two ends of a call are measured apart.

Latency: each end records (frame number, `time.monotonic()`) for the frames its camera captured
and for the numbered frames it decoded. A decoded frame's latency is its arrival minus the latest
capture of that number before it (numbers repeat: the app's every 2**24 frames, Chromium's camera
file every 5 s, far longer than any latency).
"""

from __future__ import annotations

import bisect
import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of one process, or None if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICKS


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def process_tree(root: int) -> set[int]:
    """`root` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                parents[int(entry.name)] = stat[0]
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return tree


def find_process(marker: str) -> int:
    """The pid of the process whose command line contains `marker` (e.g. `--bench-end=a`)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and marker in _cmdline(int(entry.name)):
            return int(entry.name)
    raise LookupError(f"no process with {marker!r} in its command line")


@dataclass
class CpuWindow:
    """CPU of one end's process tree between `start()` and `stop()`."""

    root: int
    started: float = 0.0
    cores: float = float("nan")

    def start(self, now: float) -> None:
        self._at_start = {pid: stat[1] for pid in process_tree(self.root) if (stat := _stat(pid))}
        self.started = now

    def stop(self, now: float) -> float:
        # Per process: a process started in the window counts from 0; one that ended in it took
        # its CPU with it (a few short-lived helpers at most).
        spent = 0.0
        for pid in process_tree(self.root):
            stat = _stat(pid)
            if stat is not None:
                spent += stat[1] - self._at_start.get(pid, 0.0)
        self.cores = spent / max(1e-6, now - self.started)
        return self.cores


def latencies_ms(
    captured: Sequence[tuple[int, float]],
    arrived: Iterable[tuple[int, float]],
    window: tuple[float, float] | None = None,
) -> list[float]:
    """Per decoded frame: arrival minus the latest capture of its number before it, in ms."""
    by_number: dict[int, list[float]] = {}
    for number, at in sorted(captured, key=lambda item: item[1]):
        by_number.setdefault(number, []).append(at)
    out = []
    for number, at in arrived:
        if window is not None and not window[0] <= at <= window[1]:
            continue
        times = by_number.get(number)
        if not times:
            continue
        index = bisect.bisect_right(times, at) - 1
        if index >= 0 and at - times[index] < 2.0:
            out.append((at - times[index]) * 1000)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)
