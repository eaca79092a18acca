"""Past calls and what happened in them: the explanation of a bill.

`fetch_history` reads the advisor's calls from the platform with the events recorded on each
(`GET /calls/{id}/events`): when video was paused and why, whether the identity check passed, why
it ended. `record_event` is how the app writes such a fact on the call record (the adaptive
quality code records its decisions with it). Only short facts: never audio, video or chat text.
A call whose hang-up the platform has not acknowledged yet carries that report
(`advisor_app.call.hangup_outbox`): the history says the end is not confirmed instead of
"running".
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from advisor_app.call.hangup_outbox import PendingHangup
from advisor_app.domain.models import Call, CallEvent, CallState
from advisor_app.platform_gateway import PlatformRequests
from network.api_client import PlatformClient
from network.errors import PlatformError

log = logging.getLogger(__name__)

HISTORY_LIMIT = 50  # newest calls whose events are fetched: bounded requests per refresh
MAX_DETAIL = 200  # the platform's limit for an event's detail


class CallEventKind(enum.StrEnum):
    """The facts the app records on a call (`kind` of `POST /calls/{id}/events`)."""

    IDENTITY_VERIFIED = "identity_verified"
    IDENTITY_FAILED = "identity_failed"
    VIDEO_PAUSED = "video_paused"
    VIDEO_RESUMED = "video_resumed"
    ENDED_BANDWIDTH = "ended_bandwidth"
    BOOKED_END_WARNING = "booked_end_warning"


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One past (or running) call with its recorded events, oldest event first."""

    call: Call
    events: tuple[CallEvent, ...]
    unconfirmed_end: PendingHangup | None = None  # the app's hang-up, not acknowledged yet

    @property
    def duration(self) -> timedelta | None:
        """From connection to the end; None if it never connected or is still running."""
        call = self.call
        if call.started_at is None or call.ended_at is None:
            return None
        return call.ended_at - call.started_at


async def fetch_history(
    platform: PlatformRequests,
    limit: int = HISTORY_LIMIT,
    unconfirmed: Mapping[str, PendingHangup] | None = None,
) -> tuple[CallRecord, ...]:
    """The advisor's calls, newest first, each with its events (for the `limit` newest);
    `unconfirmed`: the hang-up reports still on their way, by call id."""
    calls = await platform.request(PlatformClient.list_calls)
    ordered = sorted(calls, key=lambda c: (c.created_at, c.id), reverse=True)[: max(0, limit)]
    event_lists = await asyncio.gather(*(_events_of(platform, call) for call in ordered))
    waiting = unconfirmed or {}
    return tuple(
        CallRecord(call, events, _unconfirmed(call, waiting))
        for call, events in zip(ordered, event_lists, strict=True)
    )


def _unconfirmed(call: Call, waiting: Mapping[str, PendingHangup]) -> PendingHangup | None:
    return waiting.get(call.id) if call.state is not CallState.ENDED else None


async def _events_of(platform: PlatformRequests, call: Call) -> tuple[CallEvent, ...]:
    try:
        events = await platform.request(PlatformClient.list_call_events, call.id)
    except PlatformError as exc:
        log.info("no events for call %s: %s", call.id, type(exc).__name__)
        return ()
    return tuple(sorted(events, key=lambda e: (e.at, e.id)))


async def record_event(
    platform: PlatformRequests, call_id: str, kind: CallEventKind | str, detail: str = ""
) -> bool:
    """Records a fact on the call; best effort (a failure is logged, never raised)."""
    try:
        await platform.request(
            PlatformClient.record_call_event, call_id, str(kind), detail[:MAX_DETAIL]
        )
    except PlatformError as exc:
        log.warning("could not record %s on call %s: %s", kind, call_id, type(exc).__name__)
        return False
    return True


def is_finished(record: CallRecord) -> bool:
    return record.call.state is CallState.ENDED
