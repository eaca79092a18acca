"""What a call is made of besides its media: the peer connection (`CallConnection`) and the quality
control on it (`QualityControl`, with its `LinkMeter`).

The call service holds one `CallParts` with the settings its calls share (relay only, the quality
limits, the call clock) and hands it to every `CallSession` it builds. The session asks for each
part when it is due, giving its own callbacks: the connection at once (it takes the customer's
signals from the start), the quality control once the first peer exists. A test gives a session
other parts (a subclass) to watch or replace them.

Engine loop only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from advisor_app.call.clock import SYSTEM_CLOCK, CallClock
from advisor_app.call.connection import CallConnection, ConnectionEvents, Role
from advisor_app.call.media import LocalMedia
from advisor_app.quality.control import QualityControl, QualityObserver
from advisor_app.quality.policy import QualityThresholds
from network.quality_meter import LinkMeter

SendSignal = Callable[[dict[str, object]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class QualityHooks:
    """Where a call's quality control reaches back into its session."""

    notice: Callable[[str], None]  # a line for the advisor's call window
    # The line cannot carry the call: end it (`bandwidth`), billed to the second decided
    # (`time.time()` seconds).
    end_call: Callable[[str, float], None]
    observer: QualityObserver  # what the rule decided, second by second (recorded, shown)
    restore_connection: Callable[[], None]  # the line fell silent: try a fresh connection
    # Nothing arrives any more: the platform link proves itself now, before an offer needs it.
    check_link: Callable[[], None] = lambda: None


class CallParts:
    """Builds each call's connection and quality control with the settings the calls share."""

    def __init__(
        self,
        *,
        relay_only: bool = False,
        quality_limits: QualityThresholds | None = None,
        clock: CallClock = SYSTEM_CLOCK,
    ) -> None:
        self.relay_only = relay_only
        self.quality_limits = quality_limits
        self.clock = clock

    def connection(
        self, send_signal: SendSignal, local: LocalMedia, events: ConnectionEvents, *, role: Role
    ) -> CallConnection:
        """The call's connection (its peer is opened by `CallConnection.open`)."""
        return CallConnection("", send_signal, local, events, role=role, relay_only=self.relay_only)

    def quality(
        self, connection: CallConnection, local: LocalMedia, hooks: QualityHooks
    ) -> QualityControl:
        """The quality control on ``connection``'s current peer (opened before)."""
        peer = connection.peer
        if peer is None:
            raise RuntimeError("the connection has no peer yet")
        meter = LinkMeter(peer.bandwidth, round_trip=peer.round_trip, clock=self.clock.monotonic)
        return QualityControl(
            meter,
            local,
            connection.send,
            hooks.notice,
            hooks.end_call,
            hooks.observer,
            limits=self.quality_limits,
            restore_connection=hooks.restore_connection,
            check_link=hooks.check_link,
            set_speech_kbps=connection.set_speech_kbps,
            set_video_line_kbps=connection.set_video_line_kbps,
            set_video_probe_kbps=connection.set_video_probe_kbps,
            clock=self.clock.monotonic,
        )
