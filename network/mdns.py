"""Asks the local network for the addresses behind mDNS names (`<uuid>.local`).

Browsers hide their host addresses behind such names (`network.hidden_candidates`); only an mDNS
responder on the same network, usually the browser itself, can tell the address. Responders
answer to the group (224.0.0.251:5353), not to the asker's port (Chromium ignores one-shot
queries from other ports), so this joins the group on port 5353 like every mDNS agent, with
address reuse so it can share the port with the operating system's own responder.

Answers are read leniently: Chromium compresses the name inside the NSEC record it adds to
every answer, which mDNS allows (RFC 6762 section 18.14) but plain DNS forbids, and a strict
parser (aioice's) then loses the whole packet with the address in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
from collections.abc import Collection
from typing import Any

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rdatatype

log = logging.getLogger(__name__)

__all__ = ["is_mdns_name", "resolve_mdns_names"]

MDNS_GROUP = "224.0.0.251"
MDNS_PORT = 5353
# One name label of 1-63 letters, digits or dashes, then ".local" (what browsers generate).
_MDNS_NAME = re.compile(r"^[A-Za-z0-9-]{1,63}\.local\.?$")
# Names still unanswered are asked again: mDNS is multicast UDP and can lose a packet, and
# Firefox starts answering for its names only once its ICE checks run (after our description).
_ASK_AGAIN_AFTER_S = 0.25


def is_mdns_name(host: str) -> bool:
    """Whether `host` is an mDNS name such as a browser puts in place of its address."""
    return _MDNS_NAME.match(host) is not None


async def resolve_mdns_names(names: Collection[str], within_s: float) -> dict[str, str]:
    """The addresses of those `names` whose responder answered within `within_s` (name → IP).

    Names nobody answered are missing from the result; so is everything when this computer
    cannot join the mDNS group (no multicast, or port 5353 held exclusively).
    """
    wanted = {name.lower().rstrip("."): name for name in names if is_mdns_name(name)}
    if not wanted:
        return {}
    try:
        sock = _group_socket()
    except OSError as exc:
        log.info("mDNS names cannot be resolved here (%s)", exc)
        return {}
    loop = asyncio.get_running_loop()
    listener = _Answers(set(wanted))
    transport, _ = await loop.create_datagram_endpoint(lambda: listener, sock=sock)
    try:
        async with asyncio.timeout(within_s):
            while listener.missing():
                _ask(transport, listener.missing())
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(_ASK_AGAIN_AFTER_S):
                        await listener.all_found.wait()
    except TimeoutError:
        pass
    finally:
        transport.close()
    return {wanted[name]: address for name, address in listener.found.items()}


def _group_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if hasattr(socket, "SO_REUSEPORT"):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("", MDNS_PORT))
        any_interface = socket.inet_aton("0.0.0.0")  # noqa: S104 (the group on the default interface)
        membership = socket.inet_aton(MDNS_GROUP) + any_interface
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _ask(transport: asyncio.DatagramTransport, names: Collection[str]) -> None:
    for name in names:
        # Type A: browsers answer with the AAAA record when the name stands for an IPv6 address.
        query = dns.message.make_query(dns.name.from_text(name), dns.rdatatype.A)
        query.id = 0  # RFC 6762 section 18.1
        query.flags = 0
        transport.sendto(query.to_wire(), (MDNS_GROUP, MDNS_PORT))


class _Answers(asyncio.DatagramProtocol):
    """Collects the A/AAAA answers for the wanted names from every packet on the group."""

    def __init__(self, wanted: set[str]) -> None:
        self._wanted = wanted
        self.found: dict[str, str] = {}
        self.all_found = asyncio.Event()

    def missing(self) -> list[str]:
        return sorted(self._wanted - self.found.keys())

    def datagram_received(self, data: bytes, addr: Any) -> None:  # noqa: ARG002 (any sender)
        try:
            message = dns.message.from_wire(data, continue_on_error=True)
        except (dns.exception.DNSException, ValueError):
            return  # not a DNS packet we can read at all
        if not message.flags & dns.flags.QR:
            return  # a question (ours or someone else's)
        for rrset in (*message.answer, *message.additional):
            name = rrset.name.to_text(omit_final_dot=True).lower()
            if name not in self._wanted or name in self.found:
                continue
            if rrset.rdtype not in (dns.rdatatype.A, dns.rdatatype.AAAA):
                continue
            for rdata in rrset:
                address = _address(rrset.rdtype, rdata.to_generic().data)
                if address is not None:
                    self.found[name] = address
                    break
        if not self.missing():
            self.all_found.set()


def _address(rdtype: int, data: bytes) -> str | None:
    """The address in an A/AAAA record; None for the unspecified address (a goodbye)."""
    try:
        if rdtype == dns.rdatatype.A:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.IPv4Address(data)
        else:
            address = ipaddress.IPv6Address(data)
    except ValueError:
        return None
    return None if address.is_unspecified else str(address)
