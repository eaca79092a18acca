"""The quality decisions that explain a bill, written on the platform's call record.

`RecordingObserver` passes every report on to the call's own `QualityObserver` (window or
headless report) and records three facts with `advisor_app.history.record_event`: video paused,
video resumed, call ended for bandwidth, each with its figures. Best effort: a failed record is
logged by `record_event`, never raised; recording runs in its own tasks, so the end of the call
does not cancel the last fact.
"""

from __future__ import annotations

import asyncio
from typing import Any

from advisor_app.history import CallEventKind, record_event
from advisor_app.platform_gateway import PlatformRequests
from advisor_app.quality.control import QualityObserver
from advisor_app.quality.policy import DecisionKind, LineReading, QualityDecision

_RECORDED = {
    DecisionKind.VIDEO_OFF: CallEventKind.VIDEO_PAUSED,
    DecisionKind.VIDEO_ON: CallEventKind.VIDEO_RESUMED,
    DecisionKind.ENDED: CallEventKind.ENDED_BANDWIDTH,
}


def event_detail(decision: QualityDecision) -> str:
    """A short line of figures: "up 190, down 120 kbit/s, loss 35 %, needs 320 kbit/s"."""
    figures = decision.figures

    def kbps(value: float | None) -> str:
        return "?" if value is None else f"{value:.0f}"

    parts = [f"up {kbps(figures.up_kbps)}, down {kbps(figures.down_kbps)} kbit/s"]
    parts.append(f"loss {figures.loss * 100:.0f} %")
    if figures.threshold_kbps is not None:
        parts.append(f"needs {figures.threshold_kbps:.0f} kbit/s")
    return ", ".join(parts)


class RecordingObserver:
    """A `QualityObserver` that also records the decisions a bill may need explained."""

    def __init__(
        self, platform: PlatformRequests, call_id: str, inner: QualityObserver | None
    ) -> None:
        self._platform = platform
        self._call_id = call_id
        self.inner = inner
        self._pending: set[asyncio.Task[Any]] = set()

    def line_measured(self, reading: LineReading) -> None:
        if self.inner is not None:
            self.inner.line_measured(reading)

    def quality_decided(self, decision: QualityDecision) -> None:
        if self.inner is not None:
            self.inner.quality_decided(decision)
        kind = _RECORDED.get(decision.kind)
        if kind is None:
            return
        task = asyncio.get_running_loop().create_task(
            record_event(self._platform, self._call_id, kind, event_detail(decision))
        )
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)
