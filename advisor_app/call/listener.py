"""How a call reports to whoever shows it (the call window, or the headless report).

Every listener method is called on the engine thread and must not block; the UI's call bridge
re-emits each as a queued Qt signal. Commands go the other way as coroutines on the engine loop.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call


class CallPhase(enum.StrEnum):
    """The call's state machine, computed in one place (`advisor_app.call.state`)."""

    RINGING = "ringing"
    CONNECTING = "connecting"
    IN_CALL = "in_call"
    ENDING = "ending"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class CallQuality:
    """One second of figures for the quality indicator (kbit/s, 0..1 loss, ms)."""

    sent_kbps: float
    received_kbps: float
    loss: float
    rtt_ms: float | None


class CallListener(Protocol):
    def phase_changed(self, phase: CallPhase, reason: str | None) -> None: ...

    def remote_video(self, frame: DisplayFrame) -> None: ...

    def local_video(self, frame: DisplayFrame) -> None: ...

    def remote_camera_changed(self, on: bool) -> None:
        """The customer turned the camera off (show the audio-only tile) or on again."""

    def security_code_ready(self, code: str) -> None: ...

    def security_code_unverified(self) -> None:
        """The connection's commitment was missing or broken: show no code, the call ends."""

    def chat_received(self, text: str) -> None: ...

    def notice(self, text: str) -> None:
        """A line to show in the call window (for example why video was paused)."""

    def quality_sampled(self, quality: CallQuality) -> None: ...

    def end_unconfirmed(self, decided_at: datetime) -> None:
        """Before `call_ended`: the platform has not acknowledged this side's hang-up yet; the
        app goes on telling it. It will bill to `decided_at` (the platform's clock)."""

    def call_ended(self, call: Call | None, reason: str) -> None:
        """Final: the platform's record of the call (billed seconds) when it could be fetched."""

    def call_recorded(self, call: Call) -> None:
        """After `call_ended`: the platform's record, once it acknowledged the hang-up late."""


class CallCommands(Protocol):
    """What the call window asks of a running call; coroutines for the engine loop."""

    async def hang_up(self) -> None: ...

    async def set_microphone(self, on: bool) -> None: ...

    async def set_camera(self, on: bool) -> None: ...

    async def send_chat(self, text: str) -> None: ...

    async def show_video_at(
        self, remote: tuple[int, int] | None, local: tuple[int, int] | None
    ) -> None:
        """The sizes (pixels) of the views that show the customer's and the advisor's video."""

    async def hide_video(self) -> None:
        """No view shows the call's video (a minimized window): nothing is converted for one."""
