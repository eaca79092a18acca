"""A lossy in-memory link between two real DTLS transports: loss without root or a network.

Modelled on aiortc's own tests (`tests/utils.py`: a connection pair over two queues with a loss
pattern, under real `RTCDtlsTransport`s). Everything above the link is real: DTLS, SRTP, RTP and
RTCP with aiortc's senders and receivers; only the wire is a pair of queues that drops the packets
`loss` says, in one direction. The network-namespace tests (tests/netns, root) shape real links.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from aiortc.rtcdtlstransport import RTCCertificate, RTCDtlsTransport


class LossyConnection:
    """One end of the link (what `RTCDtlsTransport` sends through as its ICE transport)."""

    def __init__(
        self, rx: asyncio.Queue[bytes | None], tx: asyncio.Queue[bytes | None], role: str
    ) -> None:
        self.role = role  # the ICE role the DTLS transport asks for
        self.loss: Sequence[bool] = ()  # True drops the packet; the pattern repeats
        self.sent = 0
        self.dropped = 0
        self._rx = rx
        self._tx = tx
        self._closed = False

    async def _send(self, data: bytes) -> None:
        if self._closed:
            raise ConnectionError
        lost = bool(self.loss) and self.loss[self.sent % len(self.loss)]
        self.sent += 1
        if lost:
            self.dropped += 1
            return
        await self._tx.put(data)

    async def _recv(self) -> bytes:
        if self._closed:
            raise ConnectionError
        data = await self._rx.get()
        if data is None:
            raise ConnectionError
        return data

    async def stop(self) -> None:
        if not self._closed:
            self._closed = True
            await self._rx.put(None)


@contextlib.asynccontextmanager
async def lossy_dtls_pair() -> AsyncIterator[
    tuple[RTCDtlsTransport, RTCDtlsTransport, LossyConnection]
]:
    """Two connected DTLS transports; set `link.loss` to drop what the first one sends.

    Loss is off while DTLS shakes hands (its retransmits are slow) and set by the test after.
    """
    a_to_b: asyncio.Queue[bytes | None] = asyncio.Queue()
    b_to_a: asyncio.Queue[bytes | None] = asyncio.Queue()
    link_a = LossyConnection(b_to_a, a_to_b, "controlling")
    link_b = LossyConnection(a_to_b, b_to_a, "controlled")
    dtls_a = RTCDtlsTransport(link_a, [RTCCertificate.generateCertificate()])  # type: ignore[arg-type]
    dtls_b = RTCDtlsTransport(link_b, [RTCCertificate.generateCertificate()])  # type: ignore[arg-type]
    await asyncio.gather(
        dtls_b.start(dtls_a.getLocalParameters()), dtls_a.start(dtls_b.getLocalParameters())
    )
    try:
        yield dtls_a, dtls_b, link_a
    finally:
        await dtls_a.stop()
        await dtls_b.stop()
