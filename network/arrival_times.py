"""When each packet reached the machine, from the kernel, for aiortc's bandwidth estimate.

aiortc estimates the line towards us (the REMB it sends, which a browser follows) from the delay
between packet groups: its `RemoteBitrateEstimator` compares when each packet was sent (the
abs-send-time extension) with when it arrived. It takes "arrived" as the moment its DTLS task
handles the packet (`clock.current_ms()` in `RTCDtlsTransport._recv_next`), after the packet waited
in the socket for the event loop. On a busy machine the loop's lateness looks like a queue that
grows: on loopback, at a load of 2-3 on 2 cores, a customer's Chromium followed our REMB down from
350 to 30 kbit/s at 5 frames a second while nothing was lost or queued (docs/performance.md).

The kernel knows when each datagram arrived. `stamp_arrivals(pc)` asks it to say so
(`SO_TIMESTAMPNS`) on the sockets of `pc`'s ICE connections, reads each datagram with its time
(`recvmsg`, where asyncio's transport calls `recvfrom`), and gives aiortc's DTLS transport that
time as "now" for the packet it is about to handle. A packet whose time is unknown (one that
came through a TURN relay's envelope; another platform) keeps aiortc's own moment, as before.

Linux only (on 64-bit machines; its socket option and time layout are said below); elsewhere
nothing changes. Relies on private parts of aiortc (`RTCIceTransport._recv`, the `clock` module
of `aiortc.rtcdtlstransport`) and aioice (`Connection._protocols`, each protocol's asyncio
`transport._sock`), checked against aiortc 1.16 and aioice 0.13; where they differ it logs once
and changes nothing.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import socket
import struct
import sys
from typing import Any

import aiortc.clock
import aiortc.rtcdtlstransport

from network.ice import ice_connections, ice_transports

log = logging.getLogger(__name__)

__all__ = ["ArrivalBook", "StampingSocket", "stamp_arrivals"]

# <asm-generic/socket.h>: SO_TIMESTAMPNS_OLD; its control message (SCM_TIMESTAMPNS) has the same
# number and carries a `struct timespec`: two longs, seconds and nanoseconds, on 64-bit Linux.
_SO_TIMESTAMPNS = 35
_TIMESPEC = struct.Struct("@qq")
_CONTROL_SPACE = socket.CMSG_SPACE(_TIMESPEC.size) if hasattr(socket, "CMSG_SPACE") else 0
_SUPPORTED = sys.platform.startswith("linux") and struct.calcsize("@l") == 8 and _CONTROL_SPACE > 0
_NTP_EPOCH_MS = 2_208_988_800_000  # 1900 to 1970: aiortc's clock counts from NTP's epoch
_KEPT = 512  # datagrams read but not yet handled (a burst of video; STUN aioice answers itself)
_DTLS_TRANSPORT_CLOCK = "clock"


class ArrivalBook:
    """The arrival times of one ICE connection's datagrams, in the order they were read, until
    aiortc handles them (in the same order: aioice queues them first in, first out)."""

    def __init__(self) -> None:
        self._pending: collections.deque[tuple[bytes, int]] = collections.deque(maxlen=_KEPT)
        self.stamped = 0
        """Datagrams handled at the kernel's arrival time."""
        self.unknown = 0
        """Datagrams handled at aiortc's own moment (their arrival was not read)."""

    def note(self, datagram: bytes, arrival_ms: int) -> None:
        self._pending.append((datagram, arrival_ms))

    def take(self, datagram: bytes) -> int | None:
        """The arrival time (ms since 1900, aiortc's clock) of `datagram`, the very object read;
        forgets it and whatever was read before it (aioice's own STUN traffic, never asked for).
        None where it was not read here."""
        if not any(noted is datagram for noted, _ in self._pending):
            self.unknown += 1
            return None
        while True:
            noted, arrival_ms = self._pending.popleft()
            if noted is datagram:
                self.stamped += 1
                return arrival_ms


class StampingSocket:
    """Stands in for an asyncio datagram transport's socket: `recvfrom` reads with `recvmsg` and
    notes the kernel's arrival time of each datagram; everything else is the socket's."""

    def __init__(self, sock: socket.socket, book: ArrivalBook) -> None:
        sock.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        self.socket = sock
        self.book = book
        self.sendto = sock.sendto  # every packet sent: no lookup through __getattr__

    def recvfrom(self, size: int) -> tuple[bytes, Any]:
        data, control, _flags, address = self.socket.recvmsg(size, _CONTROL_SPACE)
        for level, kind, payload in control:
            if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS:
                seconds, nanoseconds = _TIMESPEC.unpack(payload[: _TIMESPEC.size])
                self.book.note(data, seconds * 1000 + nanoseconds // 1_000_000 + _NTP_EPOCH_MS)
        return data, address

    def __getattr__(self, name: str) -> Any:
        return getattr(self.socket, name)


class _HandlingClock:
    """aiortc's `clock` module as `aiortc.rtcdtlstransport` sees it: `current_ms()` answers, once,
    the arrival time of the datagram the DTLS transport has just received (it asks right after
    `await transport._recv()`, in the same task, with nothing in between that could run another
    task); any other caller, or another task, gets the time now as before."""

    def __init__(self) -> None:
        self._arrival: tuple[asyncio.Task[Any] | None, int] | None = None

    def received(self, arrival_ms: int | None) -> None:
        """The datagram about to be handled by the current task arrived at `arrival_ms`."""
        self._arrival = None if arrival_ms is None else (asyncio.current_task(), arrival_ms)

    def current_ms(self) -> int:
        arrival, self._arrival = self._arrival, None
        if arrival is not None and arrival[0] is asyncio.current_task():
            return arrival[1]
        return aiortc.clock.current_ms()

    def __getattr__(self, name: str) -> Any:
        return getattr(aiortc.clock, name)


_HANDLING = _HandlingClock()


def stamp_arrivals(pc: Any) -> bool:
    """Packets of `pc` reach aiortc's bandwidth estimate at the kernel's arrival time. Call once
    its ICE sockets exist (after the local description is set) and again after a new gathering
    (idempotent). False where nothing changed (another platform; aiortc or aioice not as
    expected: then once with a warning)."""
    if not _SUPPORTED:
        return False
    if not _use_handling_clock():
        return False
    stamped = False
    for connection in ice_connections(pc):
        book = _book_of(connection)
        if book is None:
            continue
        for protocol in list(getattr(connection, "_protocols", [])):
            transport = getattr(protocol, "transport", None)
            sock = getattr(transport, "_sock", None)
            if isinstance(sock, StampingSocket):
                stamped = True
            elif isinstance(sock, socket.socket) and sock.type == socket.SOCK_DGRAM:
                try:
                    transport._sock = StampingSocket(sock, book)  # type: ignore[union-attr]
                except OSError as exc:  # the option refused: this socket keeps aiortc's moment
                    log.info("no kernel arrival times on %s: %s", sock, exc)
                    continue
                stamped = True
    for ice_transport in ice_transports(pc):
        _recv_with_arrival(ice_transport)
    return stamped


def _use_handling_clock() -> bool:
    module: Any = aiortc.rtcdtlstransport
    current = getattr(module, _DTLS_TRANSPORT_CLOCK, None)
    if current is _HANDLING:
        return True
    if current is not aiortc.clock:
        _warn_once("aiortc's DTLS transport keeps its clock elsewhere")
        return False
    module.clock = _HANDLING
    return True


def _book_of(connection: Any) -> ArrivalBook | None:
    book = getattr(connection, "_advisor_arrivals", None)
    if isinstance(book, ArrivalBook):
        return book
    if not isinstance(getattr(connection, "_protocols", None), list):
        _warn_once("aioice keeps its sockets elsewhere")
        return None
    book = ArrivalBook()
    connection._advisor_arrivals = book
    return book


def _recv_with_arrival(ice_transport: Any) -> None:
    original = getattr(ice_transport, "_recv", None)
    if original is None:
        _warn_once("aiortc's ICE transport receives elsewhere")
        return
    if getattr(original, "_with_arrival", False):
        return
    connection = ice_transport.iceGatherer._connection

    async def recv() -> bytes:
        data: bytes = await original()
        book = getattr(connection, "_advisor_arrivals", None)
        _HANDLING.received(book.take(data) if isinstance(book, ArrivalBook) else None)
        return data

    recv._with_arrival = True  # type: ignore[attr-defined]
    ice_transport._recv = recv


_warned: set[str] = set()


def _warn_once(what: str) -> None:
    if what not in _warned:
        _warned.add(what)
        log.warning("%s: the bandwidth estimate keeps aiortc's arrival times", what)
