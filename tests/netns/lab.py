"""A small internet made of Linux network namespaces, for call-quality tests: two homes and a core.

    advisor ns ── advisor's access link ──┐                ┌── customer's access link ── customer ns
    10.77.0.2     (shaped with tc, both   │    core ns     │   (shaped with tc, both     10.79.0.2
                   ways, loss with nft)   └── 10.80.0.1 ───┘    ways, loss with nft)
                                              platform + TURN relay (coturn)

Each party reaches everything (the platform, the TURN relay, the other party) only through its own
access link, as at home: its signalling and its media share that link, and a line that collapses
takes the signalling down with the media. The core forwards between the two links and holds the
platform and the relay on one address. A management link joins the core to the root namespace, so
the test (in the root namespace) can ask the platform what it recorded without touching either
party's line; the parties have no route to it.

An access link's state is a `LineState`: rate each way (a `tc` token bucket on the sending end of
each direction: the party's end for its upload, the core's end for its download), the queue depth
of the router in front of the bottleneck (tbf `latency`: a home router holds 100-500 ms, a
bloated one seconds), random loss each way, dropped *on arrival* by nftables (`numgen random`), or
a cut (everything dropped on arrival both ways). Loss is never applied to the sender's output:
the sender would see `EPERM`, which real loss never causes. This kernel has no `netem`.

Names are unique per lab; `close()` deletes the namespaces and links. Needs root, iproute2 and
nftables (`scripts/test.sh` installs them).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "FAST",
    "PARTIES",
    "Direction",
    "LineState",
    "NetnsLab",
    "Party",
    "free_port",
    "netns_unavailable_reason",
]

Party = Literal["advisor", "customer"]
PARTIES: tuple[Party, ...] = ("advisor", "customer")
Direction = Literal["up", "down"]  # from the party towards the core, and back

# A home router's buffer in front of a DSL/cable uplink holds a few hundred ms at the line's rate.
HOME_QUEUE_MS = 250
PLATFORM_IP = "10.80.0.1"  # the platform and the TURN relay, on the core's loopback
_PARTY_NET = {"advisor": "10.77.0", "customer": "10.79.0"}
_MGMT_NET = "10.81"  # 10.81.N.0/30 between the root and the core, N unique per lab


@dataclass(frozen=True, slots=True)
class LineState:
    """One party's access link: rate each way (kbit/s, None: unshaped), the router's queue depth
    (ms of line time it holds before it drops), random loss each way (0..1), or cut altogether.
    "up" is from the party towards the core (what the party sends), "down" towards the party."""

    up_kbps: int | None = None
    down_kbps: int | None = None
    queue_ms: int = HOME_QUEUE_MS
    up_loss: float = 0.0
    down_loss: float = 0.0
    cut: bool = False

    @classmethod
    def both(
        cls, kbps: int | None, *, queue_ms: int = HOME_QUEUE_MS, loss: float = 0.0
    ) -> LineState:
        """The same rate and loss both ways."""
        return cls(kbps, kbps, queue_ms, loss, loss)

    def label(self) -> str:
        if self.cut:
            return "cut"

        def rate(kbps: int | None) -> str:
            return "fast" if kbps is None else f"{kbps}"

        text = (
            rate(self.up_kbps)
            if self.up_kbps == self.down_kbps
            else f"up {rate(self.up_kbps)}/down {rate(self.down_kbps)}"
        )
        if self.up_kbps is not None or self.down_kbps is not None:
            text += f" kbit/s, queue {self.queue_ms} ms"
        if self.up_loss or self.down_loss:
            if self.up_loss == self.down_loss:
                text += f", loss {self.up_loss:.0%}"
            else:
                text += f", loss up {self.up_loss:.0%}/down {self.down_loss:.0%}"
        return text


FAST = LineState()


def netns_unavailable_reason() -> str | None:
    """Why a lab cannot be built here (None: it can)."""
    if os.geteuid() != 0:
        return "network namespaces, tc and nftables need root"
    for tool, package in (("ip", "iproute2"), ("tc", "iproute2"), ("nft", "nftables")):
        if shutil.which(tool) is None:
            return f"`{tool}` ({package}) is not installed"
    return None


def _run(*args: str, stdin: str | None = None) -> None:
    result = subprocess.run(
        args, input=stdin, capture_output=True, text=True, timeout=10, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {result.stderr.strip()}")


_MGMT_LOCK = threading.Lock()  # parallel labs of one process pick distinct management nets


def _free_mgmt_net() -> int:
    used = subprocess.run(
        ["ip", "-o", "-4", "addr"], capture_output=True, text=True, timeout=10, check=False
    ).stdout
    for n in [1 + secrets.randbelow(250) for _ in range(50)]:
        if f" {_MGMT_NET}.{n}." not in used:
            return n
    raise RuntimeError("no free management subnet for the lab")


@dataclass
class _Link:
    """One party's access link: `inside` is the party's end, `outside` the core's."""

    party: Party
    party_ns: str
    core_ns: str
    inside: str
    outside: str
    state: LineState = FAST


@dataclass
class NetnsLab:
    """Two homes (advisor, customer) behind their own access links, joined through a core."""

    tag: str = field(default_factory=lambda: secrets.token_hex(3))
    advisor_host: int = 2  # the advisor's address on its link: 10.77.0.<host>
    mgmt_net: int = 0
    _created: list[tuple[str, ...]] = field(default_factory=list)
    _links: dict[str, _Link] = field(default_factory=dict)

    # -- names and addresses --------------------------------------------------------------------

    @property
    def core_ns(self) -> str:
        return f"qk{self.tag}"

    @property
    def advisor_ns(self) -> str:
        return f"qa{self.tag}"

    @property
    def customer_ns(self) -> str:
        return f"qc{self.tag}"

    @property
    def platform_ip(self) -> str:
        """The platform's and the relay's address, as both parties reach it."""
        return PLATFORM_IP

    @property
    def platform_ip_for_test(self) -> str:
        """The platform's address over the management link (the test in the root namespace)."""
        return f"{_MGMT_NET}.{self.mgmt_net}.2"

    @property
    def advisor_ip(self) -> str:
        return f"{_PARTY_NET['advisor']}.{self.advisor_host}"

    @property
    def customer_ip(self) -> str:
        return f"{_PARTY_NET['customer']}.2"

    def ns_of(self, party: Party) -> str:
        return self.advisor_ns if party == "advisor" else self.customer_ns

    def in_ns(self, ns: str) -> list[str]:
        """The command prefix that runs a program in namespace `ns`."""
        return ["ip", "netns", "exec", ns]

    def in_advisor(self) -> list[str]:
        return self.in_ns(self.advisor_ns)

    def in_customer(self) -> list[str]:
        return self.in_ns(self.customer_ns)

    def in_core(self) -> list[str]:
        return self.in_ns(self.core_ns)

    def line(self, party: Party) -> LineState:
        """What `party`'s access link does now."""
        return self._links[party].state

    def ends(self, party: Party, direction: Direction) -> tuple[tuple[str, str], tuple[str, str]]:
        """Where one direction of `party`'s link is shaped and where it arrives: two
        (namespace, device) pairs, the sending end's (its tbf) and the receiving end's (its nft
        rule)."""
        link = self._links[party]
        party_end, core_end = (link.party_ns, link.inside), (link.core_ns, link.outside)
        return (party_end, core_end) if direction == "up" else (core_end, party_end)

    # -- building and tearing down --------------------------------------------------------------

    def create(self) -> NetnsLab:
        try:
            for ns in (self.core_ns, self.advisor_ns, self.customer_ns):
                _run("ip", "netns", "add", ns)
                self._created.append(("ip", "netns", "delete", ns))
                _run("ip", "-n", ns, "link", "set", "lo", "up")
            core = self.core_ns
            _run("ip", "-n", core, "addr", "add", f"{PLATFORM_IP}/32", "dev", "lo")
            _run("ip", "netns", "exec", core, "sysctl", "-qw", "net.ipv4.ip_forward=1")
            for party in PARTIES:
                short = party[0]
                link = _Link(
                    party, self.ns_of(party), core, f"{short}i{self.tag}", f"{short}o{self.tag}"
                )
                net = _PARTY_NET[party]
                host = self.advisor_host if party == "advisor" else 2
                self._veth(
                    link.inside, link.party_ns, f"{net}.{host}", link.outside, core, f"{net}.1"
                )
                _run("ip", "-n", link.party_ns, "route", "add", "default", "via", f"{net}.1")
                self._links[party] = link
            with _MGMT_LOCK:
                self.mgmt_net = _free_mgmt_net()
                self._veth(
                    f"qm{self.tag}", None, f"{_MGMT_NET}.{self.mgmt_net}.1",
                    f"km{self.tag}", core, f"{_MGMT_NET}.{self.mgmt_net}.2",
                )  # fmt: skip
            for party in PARTIES:
                self.set_line(party, FAST)
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
            _run(
                *prefix, "addr", "add", f"{ip}/{30 if ip.startswith(_MGMT_NET) else 24}", "dev", dev
            )
            _run(*prefix, "link", "set", dev, "up")

    def close(self) -> None:
        """Deletes the links and namespaces (processes still inside lose their network)."""
        for command in reversed(self._created):
            subprocess.run(command, capture_output=True, timeout=10, check=False)
        self._created.clear()
        self._links.clear()

    # -- the lines ------------------------------------------------------------------------------

    def set_line(self, party: Party, state: LineState) -> None:
        """Makes `party`'s access link do what `state` says, both ways, from now on."""
        link = self._links[party]
        _shape(link.party_ns, link.inside, state.up_kbps, state.queue_ms)
        _shape(link.core_ns, link.outside, state.down_kbps, state.queue_ms)
        link.state = state
        # Arrivals: the party's end sees the download, the core's end the upload.
        self._write_arrival_rules(link.party_ns)
        self._write_arrival_rules(link.core_ns)

    def _write_arrival_rules(self, ns: str) -> None:
        """One nftables table per namespace, written whole (atomic): loss and cuts on arrival."""
        rules: list[str] = []
        for link in self._links.values():
            if ns == link.party_ns:
                dev, loss = link.inside, link.state.down_loss
            elif ns == link.core_ns:
                dev, loss = link.outside, link.state.up_loss
            else:
                continue
            # Two counters a rule: what arrived, and what of it was dropped (`tests.netns.truth`).
            if link.state.cut:
                rules.append(f'iifname "{dev}" counter counter drop')
            else:
                share = round(loss * 1000)
                rules.append(
                    f'iifname "{dev}" counter numgen random mod 1000 < {share} counter drop'
                )
        body = "".join(f"    {rule}\n" for rule in rules)
        _run(
            "ip", "netns", "exec", ns, "nft", "-f", "-",
            stdin=(
                "add table inet qlab\ndelete table inet qlab\n"
                "table inet qlab {\n  chain arrival {\n"
                "    type filter hook prerouting priority raw; policy accept;\n"
                f"{body}  }}\n}}\n"
            ),
        )  # fmt: skip

    def move_advisor(self) -> None:
        """The advisor's machine gets another address on its link, as when a laptop moves to
        another network: every path through the old address is gone for good (only a fresh
        connection with newly gathered candidates carries the call on)."""
        link = self._links["advisor"]
        net = _PARTY_NET["advisor"]
        old = self.advisor_ip
        self.advisor_host += 2
        # Old first: deleting a subnet's primary address also deletes its secondaries and routes.
        _run("ip", "-n", link.party_ns, "addr", "del", f"{old}/24", "dev", link.inside)
        _run("ip", "-n", link.party_ns, "addr", "add", f"{self.advisor_ip}/24", "dev", link.inside)
        _run("ip", "-n", link.party_ns, "route", "replace", "default", "via", f"{net}.1")


def _shape(ns: str, dev: str, kbps: int | None, queue_ms: int) -> None:
    """A token bucket of `kbps` on `dev`'s egress, holding `queue_ms` of line time (None: none)."""
    if kbps is None:
        subprocess.run(
            ["ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", dev, "root"],
            capture_output=True,
            timeout=10,
            check=False,
        )
        return
    # The bucket holds two full-size packets, or 25 ms at the rate. Less, and the kernel's timer
    # slack on a loaded machine loses tokens: a 400 kbit/s bucket of 1600 bytes carried 250
    # kbit/s with its queue full (measured); more would let a slow line take a keyframe at once.
    burst = max(3200, kbps * 1000 // 8 * 25 // 1000)
    _run(
        "ip", "netns", "exec", ns, "tc", "qdisc", "replace", "dev", dev, "root",
        "tbf", "rate", f"{kbps}kbit", "burst", str(burst), "latency", f"{queue_ms}ms",
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("0.0.0.0", 0))
        return int(probe.getsockname()[1])
