"""The advisor's hang-up reports that the platform has not acknowledged yet, sent until it has.

When the advisor (or the app's quality rule) ends a call, the platform must learn it, with the
second it was decided: it bills to that second (docs/platform-api.md, "Heartbeats and billing").
The line that made the app end the call may be the same line the report has to travel (a home
connection that collapsed), so one try is not enough. `HangupOutbox.report` sends the report
and, while the platform cannot be reached, sends it again with growing pauses (0.5 s doubling to
15 s) until it answers; the report is idempotent on the platform, so a repeat that crossed an
answer changes nothing. A refusal that a repeat cannot change (403, 404, 422) ends the tries.

The outbox lives as long as the app's gateway, not as the call: a report goes on after its call
window closed, and the history asks it which calls still wait for their report. Never blocks:
everything runs as tasks on the engine loop; `drain` lets a short-lived process (headless) wait
for its reports before it exits.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from advisor_app.call.clock import SYSTEM_CLOCK, CallClock
from advisor_app.domain.models import Call, EndReason
from network.api_client import PlatformClient
from network.errors import Forbidden, InvalidRequest, NotFound, PlatformError

if TYPE_CHECKING:
    from advisor_app.platform_gateway import PlatformRequests

log = logging.getLogger(__name__)

FIRST_RETRY_S = 0.5
MAX_RETRY_S = 15.0
# Refusals a repeat cannot change: the report was understood and is not the platform's to take.
_FINAL = (Forbidden, NotFound, InvalidRequest)


@dataclass(frozen=True, slots=True)
class PendingHangup:
    """A report on its way: which call, why, and the second it was decided (platform clock)."""

    call_id: str
    reason: EndReason
    decided_at: datetime
    tries: int = 0


class HangupOutbox:
    """One per gateway; `report` from the engine loop."""

    def __init__(
        self,
        platform: PlatformRequests,
        *,
        clock: CallClock = SYSTEM_CLOCK,
        first_retry_s: float = FIRST_RETRY_S,
        max_retry_s: float = MAX_RETRY_S,
    ) -> None:
        self._platform = platform
        self._clock = clock
        self._first_retry_s = first_retry_s
        self._max_retry_s = max_retry_s
        self._pending: dict[str, PendingHangup] = {}
        self._tasks: dict[str, asyncio.Task[Call | None]] = {}

    def report(
        self, call_id: str, reason: EndReason, decided_at: datetime
    ) -> asyncio.Task[Call | None]:
        """Sends the report until acknowledged; the task's result is the platform's record (None
        when the platform refused it for good). A second report of the same call joins the first."""
        running = self._tasks.get(call_id)
        if running is not None:
            return running
        self._pending[call_id] = PendingHangup(call_id, reason, decided_at)
        task = asyncio.get_running_loop().create_task(
            self._send_until_acknowledged(call_id), name=f"hang-up report {call_id}"
        )
        self._tasks[call_id] = task
        task.add_done_callback(lambda _task: self._forget(call_id))
        return task

    def pending(self) -> Mapping[str, PendingHangup]:
        """The reports the platform has not acknowledged yet, by call id."""
        return dict(self._pending)

    async def drain(self, within_s: float) -> bool:
        """Waits up to `within_s` for every report; True when none is left."""
        tasks = list(self._tasks.values())
        if tasks:
            await asyncio.wait(tasks, timeout=within_s)
        return not self._tasks

    def close(self) -> None:
        """The app quits: stop trying (the platform ends the call by its own rule)."""
        for call_id, pending in self._pending.items():
            log.warning(
                "call %s: the hang-up was not acknowledged after %d tries", call_id, pending.tries
            )
        for task in list(self._tasks.values()):
            task.cancel()

    async def _send_until_acknowledged(self, call_id: str) -> Call | None:
        delay = self._first_retry_s
        while True:
            pending = self._pending[call_id]
            self._pending[call_id] = pending = replace(pending, tries=pending.tries + 1)
            try:
                call = await self._platform.request(
                    PlatformClient.hangup_call, call_id, pending.reason, pending.decided_at
                )
            except _FINAL as exc:
                log.warning("call %s: the platform refused the hang-up: %s", call_id, exc)
                return None
            except PlatformError as exc:
                log.info(
                    "call %s: hang-up not acknowledged (try %d: %s); again in %.1f s",
                    call_id, pending.tries, type(exc).__name__, delay,
                )  # fmt: skip
                await self._clock.sleep(delay)
                delay = min(2 * delay, self._max_retry_s)
                continue
            if pending.tries > 1:
                log.info("call %s: hang-up acknowledged at try %d", call_id, pending.tries)
            return call

    def _forget(self, call_id: str) -> None:
        self._pending.pop(call_id, None)
        self._tasks.pop(call_id, None)
