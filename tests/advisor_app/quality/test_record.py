"""The quality decisions a bill may need explained, written on the platform's call record."""

from __future__ import annotations

import asyncio

from advisor_app.domain.models import Presence
from advisor_app.history import fetch_history
from advisor_app.quality.policy import (
    DecisionKind,
    Figures,
    LineReading,
    QualityDecision,
    VideoLevel,
)
from advisor_app.quality.record import RecordingObserver, event_detail
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor, Customer
from tests.advisor_app.test_desk import sign_in

FIGURES = Figures(up_kbps=190.0, down_kbps=120.0, loss=0.35, rtt_ms=320.0, threshold_kbps=320.0,
                  held_s=2.0)  # fmt: skip
READING = LineReading(at=1.0, up_kbps=190.0, down_kbps=120.0, up_floor_kbps=0.0,
                      down_floor_kbps=0.0, loss=0.35, rtt_ms=320.0)  # fmt: skip


def decided(kind: DecisionKind, video: VideoLevel) -> QualityDecision:
    return QualityDecision(kind, 1.0, video, f"{kind}", FIGURES)


class Inner:
    def __init__(self) -> None:
        self.readings: list[LineReading] = []
        self.decisions: list[QualityDecision] = []

    def line_measured(self, reading: LineReading) -> None:
        self.readings.append(reading)

    def quality_decided(self, decision: QualityDecision) -> None:
        self.decisions.append(decision)


def test_the_detail_is_a_short_line_of_figures() -> None:
    assert event_detail(decided(DecisionKind.VIDEO_OFF, VideoLevel.OFF)) == (
        "up 190, down 120 kbit/s, loss 35 %, needs 320 kbit/s"
    )


async def test_three_facts_are_recorded_and_everything_passed_on(
    advisor: Advisor, live_platform: RunningPlatform, customer: Customer
) -> None:
    await sign_in(advisor.desk, advisor.recorder, live_platform)
    await advisor.desk.set_presence(Presence.ONLINE)
    request_id = await asyncio.to_thread(customer.ring)
    await advisor.recorder.until(lambda: len(advisor.recorder.requests) == 1)
    call_id = (await advisor.desk.accept(request_id)).call_id
    assert call_id is not None
    inner = Inner()
    observer = RecordingObserver(advisor.gateway, call_id, inner)

    observer.line_measured(READING)
    for kind, video in [
        (DecisionKind.VIDEO_OFF, VideoLevel.OFF),
        (DecisionKind.PROBE, VideoLevel.OFF),  # not a fact of the bill
        (DecisionKind.VIDEO_ON, VideoLevel.REDUCED),
        (DecisionKind.ENDED, VideoLevel.OFF),
    ]:
        observer.quality_decided(decided(kind, video))

    assert inner.readings == [READING]
    assert [d.kind for d in inner.decisions] == [
        DecisionKind.VIDEO_OFF, DecisionKind.PROBE, DecisionKind.VIDEO_ON, DecisionKind.ENDED,
    ]  # fmt: skip

    async def recorded() -> list[str]:
        history = await fetch_history(advisor.gateway)
        return [e.kind for r in history if r.call.id == call_id for e in r.events]

    async with asyncio.timeout(10):
        while len(kinds := await recorded()) < 3:  # noqa: ASYNC110 (the records are REST writes)
            await asyncio.sleep(0.1)
    assert sorted(kinds) == ["ended_bandwidth", "video_paused", "video_resumed"]
