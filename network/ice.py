"""ICE for a call: the platform's STUN/TURN servers as aiortc configuration, with bounded gathering.

Why bound it: aioice waits up to 5 s for STUN and TURN answers while gathering, and aiortc only
sends its SDP after gathering (no trickle). An unreachable STUN server would add those 5 s to
every call. The bounds below keep an unanswered server from costing more than about a second,
while a TURN relay (the path of last resort) gets a little longer to allocate.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from typing import Any, Protocol

from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCIceServer,
    RTCIceTransportPolicy,
    RTCPeerConnection,
)
from aiortc.rtcicetransport import parse_stun_turn_uri

log = logging.getLogger(__name__)


class IceServerLike(Protocol):
    """A STUN/TURN server as the platform lists it (`advisor_app.domain.models.IceServer`)."""

    @property
    def urls(self) -> tuple[str, ...]: ...

    @property
    def username(self) -> str | None: ...

    @property
    def credential(self) -> str | None: ...


# Seconds to wait for STUN/TURN answers while gathering. 1 s covers a STUN round trip on any
# usable line (aioice retransmits after 0.5 s); a TURN allocation takes two round trips plus auth.
STUN_GATHER_TIMEOUT_S = 1.0
TURN_GATHER_TIMEOUT_S = 2.5


def peer_configuration(
    servers: Iterable[IceServerLike], *, relay_only: bool = False
) -> RTCConfiguration:
    """aiortc configuration for `servers` (malformed URLs are dropped with a log line).

    An empty list means host candidates only: aiortc would otherwise fall back to Google's STUN.
    Audio, video and the data channel share one transport (max-bundle), so there is one
    gathering and one ICE check list per call.
    """
    ice_servers = [server for server in map(_aiortc_server, servers) if server is not None]
    if relay_only and not any(_is_turn(server) for server in ice_servers):
        log.warning("relay-only ICE without a TURN server: the call cannot connect")
    return RTCConfiguration(
        iceServers=ice_servers,
        iceTransportPolicy=RTCIceTransportPolicy.RELAY if relay_only else RTCIceTransportPolicy.ALL,
        bundlePolicy=RTCBundlePolicy.MAX_BUNDLE,
    )


def bound_gathering(pc: RTCPeerConnection, configuration: RTCConfiguration) -> None:
    """Caps how long each of `pc`'s ICE transports waits for STUN/TURN answers while gathering.

    Call after the transceivers exist and before the first local description. Relies on aioice
    `Connection.get_component_candidates(component, addresses, timeout=5)` (aioice 0.9 to 0.13).
    """
    has_turn = any(_is_turn(server) for server in configuration.iceServers or [])
    timeout = TURN_GATHER_TIMEOUT_S if has_turn else STUN_GATHER_TIMEOUT_S
    for connection in ice_connections(pc):
        original = connection.get_component_candidates
        if isinstance(original, functools.partial):
            continue  # already bounded
        connection.get_component_candidates = functools.partial(original, timeout=timeout)


def selected_candidate_types(pc: RTCPeerConnection) -> tuple[str, str] | None:
    """(local, remote) candidate types of the pair ICE selected, e.g. ("relay", "host")."""
    for connection in ice_connections(pc):
        pair = connection._nominated.get(1)
        if pair is not None:
            return (pair.local_candidate.type, pair.remote_candidate.type)
    return None


def ice_transports(pc: RTCPeerConnection) -> list[Any]:
    """`pc`'s aiortc ICE transports (one with max-bundle), once its transceivers exist."""
    transports: dict[int, Any] = {}
    for transceiver in pc.getTransceivers():
        transport = transceiver.receiver.transport.transport
        transports[id(transport)] = transport
    if pc.sctp is not None:
        transport = pc.sctp.transport.transport
        transports[id(transport)] = transport
    return list(transports.values())


def ice_connections(pc: RTCPeerConnection) -> list[Any]:
    """`pc`'s aioice connections (one with max-bundle), once its transceivers exist."""
    connections = {}
    for transport in ice_transports(pc):
        connection = transport.iceGatherer._connection
        connections[id(connection)] = connection
    return list(connections.values())


def _aiortc_server(server: IceServerLike) -> RTCIceServer | None:
    urls = []
    for url in server.urls:
        try:
            parse_stun_turn_uri(url)
        except ValueError as exc:
            # A mistyped "turn:user:password@host" must not put the password in the log.
            shown = re.sub(r"^(\w+:)[^@]*@", r"\1***@", url)[:80]
            log.warning("ignored ICE server URL %r: %s", shown, exc)
            continue
        urls.append(url)
    if not urls:
        return None
    return RTCIceServer(urls=urls, username=server.username, credential=server.credential)


def _is_turn(server: RTCIceServer) -> bool:
    urls = server.urls if isinstance(server.urls, list) else [server.urls]
    return any(url.startswith("turn") for url in urls)
