"""A throttled two-party network made of real Linux network namespaces, for call-quality tests.

    advisor ns  ── veth (shaped with tc) ──  customer ns        media, 10.77.N.0/24
        │                                          │
       veth (unshaped)                     veth (unshaped)       signalling, 10.78/10.79.N.0/24
        └──────────── root namespace ──────────────┘             the reference platform

The platform listens in the root namespace on both unshaped legs, like a server on the internet;
the media path between advisor and customer is the only one between the two namespaces (the root
namespace does not forward, and the namespaces have no default route), so ICE must use the
shaped veth. `shape(kbps)` puts a token bucket on both ends of it (both directions); `cut()`
drops everything on it. Names and subnets are unique per lab, and `close()` deletes everything.
Needs root, `ip` and `tc` (iproute2).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
from dataclasses import dataclass, field

__all__ = ["NetnsLab", "netns_unavailable_reason"]

_QUEUE_LATENCY = "300ms"  # tbf queue: what a home router's buffer holds, then it drops


def netns_unavailable_reason() -> str | None:
    """Why a lab cannot be built here (None: it can)."""
    if os.geteuid() != 0:
        return "network namespaces and tc need root"
    for tool in ("ip", "tc"):
        if shutil.which(tool) is None:
            return f"`{tool}` (iproute2) is not installed"
    return None


def _run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, timeout=10, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr.strip()}")


@dataclass
class NetnsLab:
    """Two namespaces joined by a shaped veth pair, each with an unshaped leg to the root."""

    tag: str = field(default_factory=lambda: secrets.token_hex(2))
    subnet: int = field(default_factory=lambda: 1 + secrets.randbelow(250))
    rate_kbps: int | None = None
    _created: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def advisor_ns(self) -> str:
        return f"qadv{self.tag}"

    @property
    def customer_ns(self) -> str:
        return f"qcus{self.tag}"

    advisor_host: int = 1  # the advisor's address on the media link: 10.77.N.<host>

    @property
    def advisor_ip(self) -> str:
        return f"10.77.{self.subnet}.{self.advisor_host}"

    @property
    def customer_ip(self) -> str:
        return f"10.77.{self.subnet}.2"

    @property
    def platform_ip_for_advisor(self) -> str:
        return f"10.78.{self.subnet}.1"

    @property
    def platform_ip_for_customer(self) -> str:
        return f"10.79.{self.subnet}.1"

    @property
    def _media_ends(self) -> tuple[tuple[str, str], tuple[str, str]]:
        return (self.advisor_ns, f"qa{self.tag}"), (self.customer_ns, f"qc{self.tag}")

    def in_advisor(self) -> list[str]:
        """The command prefix that runs a program in the advisor's namespace."""
        return ["ip", "netns", "exec", self.advisor_ns]

    def in_customer(self) -> list[str]:
        return ["ip", "netns", "exec", self.customer_ns]

    def create(self) -> NetnsLab:
        try:
            for ns in (self.advisor_ns, self.customer_ns):
                _run("ip", "netns", "add", ns)
                self._created.append(("ip", "netns", "delete", ns))
                _run("ip", "-n", ns, "link", "set", "lo", "up")
            (adv, adv_dev), (cus, cus_dev) = self._media_ends
            self._veth(adv_dev, adv, self.advisor_ip, cus_dev, cus, self.customer_ip)
            self._veth(
                f"ra{self.tag}", None, self.platform_ip_for_advisor,
                f"pa{self.tag}", adv, f"10.78.{self.subnet}.2",
            )  # fmt: skip
            self._veth(
                f"rc{self.tag}", None, self.platform_ip_for_customer,
                f"pc{self.tag}", cus, f"10.79.{self.subnet}.2",
            )  # fmt: skip
        except Exception:
            self.close()
            raise
        return self

    def _veth(self, a: str, a_ns: str | None, a_ip: str, b: str, b_ns: str, b_ip: str) -> None:
        _run("ip", "link", "add", a, "type", "veth", "peer", "name", b)
        self._created.append(("ip", "link", "delete", a))
        if a_ns is not None:
            _run("ip", "link", "set", a, "netns", a_ns)
        _run("ip", "link", "set", b, "netns", b_ns)
        for dev, ns, ip in ((a, a_ns, a_ip), (b, b_ns, b_ip)):
            prefix = ["ip"] if ns is None else ["ip", "-n", ns]
            _run(*prefix, "addr", "add", f"{ip}/24", "dev", dev)
            _run(*prefix, "link", "set", dev, "up")

    def shape(self, kbps: int | None) -> None:
        """A token bucket of `kbps` on both ends of the media link (None: unshaped)."""
        self.rate_kbps = kbps
        for ns, dev in self._media_ends:
            if kbps is None:
                subprocess.run(
                    ["ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", dev, "root"],
                    capture_output=True,
                    timeout=10,
                    check=False,
                )
                continue
            burst = max(3000, kbps * 1000 // 8 // 10)  # >= 2 MTUs, or 100 ms at the rate
            _run(
                "ip", "netns", "exec", ns, "tc", "qdisc", "replace", "dev", dev, "root",
                "tbf", "rate", f"{kbps}kbit", "burst", str(burst), "latency", _QUEUE_LATENCY,
            )  # fmt: skip

    def cut(self) -> None:
        """Drops every packet on the media link, both ways (the rate is kept for `restore`).

        A token bucket of 8 bit/s with no queue: netem is not in every kernel (CI's lacks it),
        tbf is. At most one small packet in minutes gets through: a cut line.
        """
        for ns, dev in self._media_ends:
            _run(
                "ip", "netns", "exec", ns, "tc", "qdisc", "replace", "dev", dev, "root",
                "tbf", "rate", "8bit", "burst", "1600", "limit", "1",
            )  # fmt: skip

    def move_advisor(self) -> None:
        """The advisor's machine gets another address on the media link, as when a laptop moves
        to another network: every path through the old address is gone for good (only a fresh
        connection with newly gathered candidates can carry the call on)."""
        (ns, dev), _customer = self._media_ends
        old = self.advisor_ip
        self.advisor_host += 2
        # Old first: deleting a subnet's primary address also deletes its secondaries.
        _run("ip", "-n", ns, "addr", "del", f"{old}/24", "dev", dev)
        _run("ip", "-n", ns, "addr", "add", f"{self.advisor_ip}/24", "dev", dev)

    def restore(self) -> None:
        """Ends a `cut()`: back to the last rate."""
        for ns, dev in self._media_ends:
            subprocess.run(
                ["ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", dev, "root"],
                capture_output=True,
                timeout=10,
                check=False,
            )
        self.shape(self.rate_kbps)

    def close(self) -> None:
        """Deletes the links and namespaces (processes still inside lose their network)."""
        for command in reversed(self._created):
            subprocess.run(command, capture_output=True, timeout=10, check=False)
        self._created.clear()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("0.0.0.0", 0))
        return int(probe.getsockname()[1])
