"""Consent to send (RFC 7675) that survives a slow, deep-queued line.

Every few seconds each side of a call asks the other, with a STUN check on the path, whether it
still wants our packets; consent expires 30 s after the last answer, and then the connection
closes. aioice (0.13) gives each check 0.5 s, never resends it, and closes after six checks in a
row went unanswered within that half second. On a line whose queue holds more than half a second
(a thin home line behind a router's deep buffer, a mobile line, a probe's queue) every answer
comes "too late": the call died ~30 s into such a line while speech still flowed both ways
(lab: 64 kbit/s behind an 800 ms queue, round trip 1.1-1.6 s).

Here a check is resent with STUN's usual backoff and counts if answered within `CHECK_WAIT_S`,
and consent expires, as the RFC says, `CONSENT_EXPIRY_S` after the last answer.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from aioice import ice, stun

from network.ice import ice_connections

__all__ = ["CHECK_RETRANSMISSIONS", "CONSENT_EXPIRY_S", "patient_consent"]

log = logging.getLogger(__name__)

CONSENT_EXPIRY_S = 30.0  # RFC 7675, section 5.1
# Sent at 0, 0.5, 1.5 and 3.5 s: an answer within 7.5 s counts (STUN's RTO doubling).
CHECK_RETRANSMISSIONS = 3


def patient_consent(pc: Any, *, clock: Callable[[], float] = time.monotonic) -> None:
    """Makes `pc`'s ICE connections check consent as above. Call before it connects (aioice
    starts the checks once connected); relies on aioice's `Connection.query_consent`."""
    for connection in ice_connections(pc):
        connection.query_consent = functools.partial(_query_consent, connection, clock)


async def _query_consent(connection: Any, clock: Callable[[], float]) -> None:
    last_answer = clock()
    while True:
        spread = 0.8 + 0.4 * random.random()  # noqa: S311 (spreads the checks: no secret)
        await asyncio.sleep(ice.CONSENT_INTERVAL * spread)
        for pair in list(connection._nominated.values()):
            request = connection.build_request(pair, nominate=False)
            try:
                await pair.protocol.request(
                    request,
                    pair.remote_addr,
                    integrity_key=connection.remote_password.encode("utf8"),
                    retransmissions=CHECK_RETRANSMISSIONS,
                )
                last_answer = clock()
            except stun.TransactionError:
                pass
        if clock() - last_answer >= CONSENT_EXPIRY_S:
            log.info("consent to send expired: no answer for %.0f s", clock() - last_answer)
            connection._query_consent_task = None
            await connection.close()
            return
