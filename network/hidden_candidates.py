"""A remote description whose host addresses hide behind mDNS names, made usable for aiortc.

Browsers put a random `<uuid>.local` name in place of each host address when the page has no
camera permission (both Chromium and Firefox) or a privacy setting says so. aiortc cannot take
such a description as it is (docs/upstream-notes.md): it fails to write back an `a=rtcp` line
that carries a name, and when aioice cannot resolve the names it drops the media component,
gathers no candidate of its own and answers with none.

So the call gets the description without those candidates, and without `a=end-of-candidates`
(ICE then waits for the browser's checks instead of giving up). The browser still has the
advisor's candidates and checks them: aioice learns the browser's address from those checks
(a peer-reflexive candidate). The names are resolved meanwhile (`network.mdns`) and those that
answered are added as ordinary candidates.
"""

from __future__ import annotations

from dataclasses import dataclass

from network.mdns import is_mdns_name

__all__ = ["HiddenCandidate", "UsableDescription", "without_hidden_candidates"]

_UNSPECIFIED = {"IP4": "0.0.0.0", "IP6": "::"}  # noqa: S104 (an address in SDP, not a bind)
_ADDRESS_FIELD = 4  # foundation, component, transport, priority, address, port, "typ", type


@dataclass(frozen=True, slots=True)
class HiddenCandidate:
    """A remote candidate whose address is an mDNS name, with where it belongs."""

    name: str
    candidate: str
    """The attribute value without `candidate:` ("0 1 UDP 2122187007 x.local 50150 typ host")."""
    sdp_mid: str | None
    sdp_mline_index: int

    def revealed(self, address: str) -> str:
        """The same candidate with `address` in place of the name."""
        fields = self.candidate.split(" ")
        fields[_ADDRESS_FIELD] = address
        return " ".join(fields)


@dataclass(frozen=True, slots=True)
class UsableDescription:
    """What aiortc gets (`sdp`) and the candidates taken out of it (`hidden`)."""

    sdp: str
    hidden: tuple[HiddenCandidate, ...]


def without_hidden_candidates(sdp: str) -> UsableDescription:
    """`sdp` without mDNS candidates, with mDNS names in `c=`/`a=rtcp` lines unspecified.

    A description without a name comes back unchanged (the same text).
    """
    newline = "\r\n" if "\r\n" in sdp else "\n"
    lines = sdp.split(newline)
    kept: list[str] = []
    hidden: list[HiddenCandidate] = []
    mline_index = -1
    mid: str | None = None
    for number, line in enumerate(lines):
        if line.startswith("m="):
            mline_index += 1
            mid = _mid_of_section(lines[number + 1 :])
        if line.startswith("a=candidate:"):
            candidate = line.removeprefix("a=candidate:")
            fields = candidate.split(" ")
            if len(fields) > _ADDRESS_FIELD and is_mdns_name(fields[_ADDRESS_FIELD]):
                name = fields[_ADDRESS_FIELD]
                hidden.append(HiddenCandidate(name, candidate, mid, max(mline_index, 0)))
                continue
        kept.append(_unnamed(line))
    if hidden:
        kept = [line for line in kept if line != "a=end-of-candidates"]
    return UsableDescription(newline.join(kept), tuple(hidden))


def _mid_of_section(following: list[str]) -> str | None:
    """The `a=mid` of the media section whose lines after its `m=` line are `following`."""
    for line in following:
        if line.startswith("m="):
            return None
        if line.startswith("a=mid:"):
            return line.removeprefix("a=mid:").strip()
    return None


def _unnamed(line: str) -> str:
    """`c=IN IP4 x.local` or `a=rtcp:9 IN IP4 x.local` with the unspecified address instead."""
    if not (line.startswith(("c=", "a=rtcp:"))):
        return line
    fields = line.split(" ")
    if len(fields) >= 3 and fields[-2] in _UNSPECIFIED and is_mdns_name(fields[-1]):
        fields[-1] = _UNSPECIFIED[fields[-2]]
        return " ".join(fields)
    return line
