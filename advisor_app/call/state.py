"""The call's state machine: ringing -> connecting -> in_call -> ending -> ended, with a reason.

Pure (no aiortc, no I/O): `next_status` computes the next status from the current one and one
event, and `CallStateMachine` holds it, logs each `old -> new` and tells its listener only when
something changed. Every part of the call feeds events here, so the phase is decided in one place.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from advisor_app.call.listener import CallPhase
from advisor_app.domain.models import EndReason
from advisor_app.domain.texts import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CallEnd:
    """Why a call ends: the platform's reason code, who ended it, and a sentence to show."""

    reason: EndReason
    by: str  # "advisor", "customer" or "platform"
    detail: str


@dataclass(frozen=True, slots=True)
class CallStatus:
    phase: CallPhase
    end: CallEnd | None = None


# Events -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Accepted:
    """The advisor accepted (or started) the call; signalling begins."""


@dataclass(frozen=True, slots=True)
class MediaConnected:
    """ICE and DTLS are up: media can flow."""


@dataclass(frozen=True, slots=True)
class EndRequested:
    """Either side (or the platform, or a failure) ends the call."""

    end: CallEnd


@dataclass(frozen=True, slots=True)
class CleanedUp:
    """Tracks, threads and the peer connection are released."""


CallEvent = Accepted | MediaConnected | EndRequested | CleanedUp


def next_status(status: CallStatus, event: CallEvent) -> CallStatus:
    """The status after `event`; events that do not apply in a phase leave it unchanged."""
    phase = status.phase
    match event:
        case Accepted() if phase is CallPhase.RINGING:
            return CallStatus(CallPhase.CONNECTING)
        case MediaConnected() if phase is CallPhase.CONNECTING:
            return CallStatus(CallPhase.IN_CALL)
        case EndRequested(end=end) if phase in (
            CallPhase.RINGING,
            CallPhase.CONNECTING,
            CallPhase.IN_CALL,
        ):
            # The first reason wins: a hang-up racing a timeout keeps the hang-up.
            return CallStatus(CallPhase.ENDING, end)
        case CleanedUp() if phase is not CallPhase.ENDED:
            end = status.end or CallEnd(
                EndReason.ERROR, "advisor", N_("CallSession", "The call was closed.")
            )
            return CallStatus(CallPhase.ENDED, end)
    return status


class CallStateMachine:
    """Holds the call's status; logs `old -> new` and notifies `on_change` only on a change."""

    def __init__(
        self,
        on_change: Callable[[CallStatus], None],
        *,
        call_id: str = "",
        initial: CallPhase = CallPhase.RINGING,
    ) -> None:
        self._on_change = on_change
        self.call_id = call_id  # for the log; a live call's id is known once it is accepted
        self._status = CallStatus(initial)

    @property
    def status(self) -> CallStatus:
        return self._status

    @property
    def phase(self) -> CallPhase:
        return self._status.phase

    @property
    def ending(self) -> bool:
        """True once the call is ending or ended (no new work should start)."""
        return self._status.phase in (CallPhase.ENDING, CallPhase.ENDED)

    def handle(self, event: CallEvent) -> bool:
        """Applies `event`; returns True when the status changed."""
        old = self._status
        new = next_status(old, event)
        if new == old:
            log.debug("call %s: %s ignored in %s", self.call_id, type(event).__name__, old.phase)
            return False
        self._status = new
        why = f" ({new.end.reason}, by {new.end.by})" if new.end and new.phase != old.phase else ""
        log.info("call %s: %s -> %s%s", self.call_id, old.phase, new.phase, why)
        self._on_change(new)
        return True
