"""What the lab's lines really did, second by second: the truth the app's figures are checked on.

`LineRecorder` reads the kernel's own counters once a second while a call runs, for each
direction of each access link: the token bucket's (`tc -s`: bytes and packets it sent on, packets
it dropped because its queue was full, bytes waiting in its queue) and the arrival rule's
(`nft`: packets and bytes that arrived, packets dropped there at random or by a cut). From them:

- `carried_kbps`: what the line delivered (everything: media, RTCP, signalling, relay);
- `loss`: the share of offered packets the line lost (queue overflow plus random loss);
- `queue_ms`: how long a packet arriving now waits in the router's queue (backlog / rate).

Counters restart when the lab rewrites a rule set (a new line state): a counter that went down
is read as counting from zero.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from tests.netns.lab import PARTIES, Direction, NetnsLab, Party

__all__ = ["Counters", "LineRecorder", "LineSecond"]

DIRECTIONS: tuple[Direction, ...] = ("up", "down")


@dataclass(frozen=True, slots=True)
class Counters:
    """One direction's cumulative counters at one moment (wall clock)."""

    at: float
    shaped_kbps: int | None  # the rate the bucket was set to (None: unshaped)
    sent_bytes: int  # through the token bucket (0 when unshaped)
    sent_packets: int
    queue_drops: int
    backlog_bytes: int
    arrived_bytes: int
    arrived_packets: int
    arrival_drops: int


@dataclass(frozen=True, slots=True)
class LineSecond:
    """One direction of one link over one interval: what the line did."""

    begin: float
    end: float
    carried_kbps: float
    loss: float | None  # None: nothing was offered
    queue_ms: float

    @property
    def middle(self) -> float:
        return (self.begin + self.end) / 2


@dataclass
class LineRecorder:
    """Polls the lab's counters in a thread of its own until `stop()`."""

    lab: NetnsLab
    every_s: float = 1.0
    samples: dict[tuple[Party, Direction], list[Counters]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> LineRecorder:
        self._thread = threading.Thread(target=self._run, name="line recorder", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            # A lab torn down under us: the run is over.
            with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError, KeyError):
                self._poll()
            self._stop.wait(self.every_s)

    def _poll(self) -> None:
        now = time.time()
        namespaces = {self.lab.core_ns, self.lab.advisor_ns, self.lab.customer_ns}
        buckets = {ns: _buckets(ns) for ns in namespaces}
        arrivals = {ns: _arrivals(ns) for ns in namespaces}
        for party in PARTIES:
            state = self.lab.line(party)
            for direction in DIRECTIONS:
                (send_ns, send_dev), (arrive_ns, arrive_dev) = self.lab.ends(party, direction)
                bucket = buckets[send_ns].get(send_dev, {})
                arrived = arrivals[arrive_ns].get(arrive_dev, (0, 0, 0))
                shaped = state.up_kbps if direction == "up" else state.down_kbps
                counters = Counters(
                    at=now,
                    shaped_kbps=shaped if bucket else None,
                    sent_bytes=int(bucket.get("bytes", 0)),
                    sent_packets=int(bucket.get("packets", 0)),
                    queue_drops=int(bucket.get("drops", 0)),
                    backlog_bytes=int(bucket.get("backlog", 0)),
                    arrived_packets=arrived[0],
                    arrived_bytes=arrived[1],
                    arrival_drops=arrived[2],
                )
                self.samples.setdefault((party, direction), []).append(counters)

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        """Every poll, for the run's work directory (diagnosis after a failure)."""
        return {
            f"{party} {direction}": [asdict(counters) for counters in samples]
            for (party, direction), samples in self.samples.items()
        }

    def seconds(self, party: Party, direction: Direction) -> list[LineSecond]:
        """The direction's intervals between polls, oldest first."""
        samples = self.samples.get((party, direction), [])
        return [_interval(a, b) for a, b in itertools.pairwise(samples)]

    def between(self, party: Party, direction: Direction, begin: float, end: float) -> LineSecond:
        """The direction over the polls inside [begin, end] (wall clock), as one interval."""
        inside = [s for s in self.samples.get((party, direction), []) if begin <= s.at <= end]
        if len(inside) < 2:
            raise ValueError(f"no two polls of {party} {direction} between {begin} and {end}")
        seconds = [_interval(a, b) for a, b in itertools.pairwise(inside)]
        span = inside[-1].at - inside[0].at
        offered = sum(_offered(a, b) for a, b in itertools.pairwise(inside))
        lost = sum(_lost(a, b) for a, b in itertools.pairwise(inside))
        return LineSecond(
            begin=inside[0].at,
            end=inside[-1].at,
            carried_kbps=sum(s.carried_kbps * (s.end - s.begin) for s in seconds) / span,
            loss=lost / offered if offered else None,
            queue_ms=max(s.queue_ms for s in seconds),
        )


def _delta(before: int, after: int) -> int:
    return after - before if after >= before else after  # a rewritten rule counts from zero


def _offered(a: Counters, b: Counters) -> int:
    if b.shaped_kbps is not None:
        return _delta(a.sent_packets, b.sent_packets) + _delta(a.queue_drops, b.queue_drops)
    return _delta(a.arrived_packets, b.arrived_packets)


def _lost(a: Counters, b: Counters) -> int:
    lost = _delta(a.arrival_drops, b.arrival_drops)
    if b.shaped_kbps is not None:
        lost += _delta(a.queue_drops, b.queue_drops)
    return lost


def _interval(a: Counters, b: Counters) -> LineSecond:
    span = max(b.at - a.at, 1e-3)
    offered = _offered(a, b)
    delivered = _delta(a.arrived_bytes, b.arrived_bytes)
    queue_ms = (
        b.backlog_bytes * 8 / b.shaped_kbps if b.shaped_kbps else 0.0
    )  # bytes * 8 / (kbit/s) = ms
    return LineSecond(
        begin=a.at,
        end=b.at,
        carried_kbps=delivered * 8 / span / 1000,
        loss=_lost(a, b) / offered if offered else None,
        queue_ms=queue_ms,
    )


def _buckets(ns: str) -> dict[str, dict[str, Any]]:
    """The token buckets of namespace `ns` by device, as `tc -s -j` gives them."""
    result = subprocess.run(
        ["tc", "-n", ns, "-s", "-j", "qdisc", "show"],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    )
    return {
        entry["dev"]: entry
        for entry in json.loads(result.stdout or "[]")
        if entry.get("kind") == "tbf" and "dev" in entry
    }


def _arrivals(ns: str) -> dict[str, tuple[int, int, int]]:
    """(packets, bytes, dropped packets) per arriving device, from the lab's nft rules."""
    result = subprocess.run(
        ["ip", "netns", "exec", ns, "nft", "-j", "list", "table", "inet", "qlab"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if result.returncode != 0:
        return {}
    found: dict[str, tuple[int, int, int]] = {}
    for item in json.loads(result.stdout)["nftables"]:
        rule = item.get("rule")
        if rule is None:
            continue
        device = None
        counters: list[dict[str, int]] = []
        for expression in rule["expr"]:
            match = expression.get("match")
            if match and match["left"] == {"meta": {"key": "iifname"}}:
                device = match["right"]
            if "counter" in expression:
                counters.append(expression["counter"])
        if device is not None and len(counters) == 2:
            found[device] = (counters[0]["packets"], counters[0]["bytes"], counters[1]["packets"])
    return found
