"""The call's one view: a pure rule from the call's events to what the window shows."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from advisor_app.call import view as v
from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.call.view import NOTICE_SECONDS, CallView, CallViewKeeper, CustomerTile, next_view
from advisor_app.domain.frames import DisplayFrame
from advisor_app.domain.models import Call, CallKind, CallState, EndReason
from advisor_app.quality.policy import DecisionKind, QualityDecision, VideoLevel
from tests.advisor_app.quality.test_record import FIGURES


def decided(
    kind: DecisionKind, video: VideoLevel = VideoLevel.OFF, **extra: float
) -> v.QualityDecided:
    reason = f"reason of {kind}"
    return v.QualityDecided(
        QualityDecision(kind, 1.0, video, reason, FIGURES, extra.get("countdown_s"))
    )


def call_record() -> Call:
    now = datetime(2026, 5, 9, 12, 0, tzinfo=UTC)
    return Call(
        id="c1", kind=CallKind.LIVE, request_id="r1", booking_id=None, advisor_id="a1",
        alias="Mia", age=34, state=CallState.ENDED, created_at=now, started_at=now, ended_at=now,
        end_reason=EndReason.HANGUP, ended_by="advisor", billed_seconds=151,
    )  # fmt: skip


def run(*events: v.ViewEvent, view: CallView | None = None) -> CallView:
    view = view or CallView()
    for event in events:
        view = next_view(view, event)
    return view


def test_the_customers_tile_has_one_rule_and_keeps_nothing_stale() -> None:
    assert run().customer_tile is CustomerTile.WAITING
    assert run(v.CustomerCameraChanged(True)).customer_tile is CustomerTile.VIDEO
    paused = run(v.CustomerCameraChanged(True), decided(DecisionKind.VIDEO_OFF))
    assert paused.customer_tile is CustomerTile.PAUSED
    assert paused.audio_only
    # The customer turns the camera off while the video is paused: when the line is good again
    # the tile shows the camera as it is now, not as it was before the pause.
    back = run(
        v.CustomerCameraChanged(False), decided(DecisionKind.VIDEO_ON, VideoLevel.FULL), view=paused
    )
    assert back.customer_tile is CustomerTile.CAMERA_OFF
    assert not back.audio_only
    reconnecting = run(decided(DecisionKind.RECONNECTING), view=paused)
    assert reconnecting.customer_tile is CustomerTile.RECONNECTING  # says more than "paused"
    again = run(decided(DecisionKind.RECONNECTED), view=reconnecting)
    assert again.customer_tile is CustomerTile.PAUSED  # the line is still too slow for video


def test_banners_come_from_notices_and_decisions_and_a_repeat_is_a_new_banner() -> None:
    first = run(v.NoticeArrived("Camera unavailable"))
    assert first.banner is not None
    assert (first.banner.text, first.banner.seconds) == ("Camera unavailable", NOTICE_SECONDS)
    again = run(v.NoticeArrived("Camera unavailable"), view=first)
    assert again.banner is not None
    assert again.banner.serial > first.banner.serial
    paused = run(decided(DecisionKind.VIDEO_OFF), view=again)
    assert paused.banner is not None
    assert paused.banner.seconds == 0  # stays until video is back
    probe = run(decided(DecisionKind.PROBE), view=paused)
    assert probe.banner == paused.banner  # a probe says nothing


def test_the_countdown_starts_and_goes() -> None:
    counting = run(decided(DecisionKind.COUNTDOWN, countdown_s=4.0))
    assert counting.countdown is not None
    assert counting.countdown.seconds == 4.0
    assert run(decided(DecisionKind.COUNTDOWN_CANCELLED), view=counting).countdown is None
    assert run(decided(DecisionKind.ENDED), view=counting).countdown is None


def test_the_end_clears_the_countdown_and_the_line_banner() -> None:
    paused = run(decided(DecisionKind.VIDEO_OFF), decided(DecisionKind.COUNTDOWN, countdown_s=4.0))
    assert paused.banner is not None
    assert paused.countdown is not None
    ended = run(v.CallEnded(None, "hangup"), view=paused)
    assert ended.phase is CallPhase.ENDED
    assert ended.countdown is None  # nothing on top of the summary
    assert ended.banner is None


def test_a_new_security_code_is_marked_renewed() -> None:
    first = run(v.SecurityCodeReady("042 917"))
    assert (first.security_code, first.security_code_renewed) == ("042 917", False)
    same = run(v.SecurityCodeReady("042 917"), view=first)
    assert not same.security_code_renewed
    fresh = run(v.SecurityCodeReady("518 204"), view=first)
    assert (fresh.security_code, fresh.security_code_renewed) == ("518 204", True)


def test_the_end_is_known_first_by_its_reason_then_by_the_platforms_record() -> None:
    ending = run(
        v.PhaseChanged(CallPhase.IN_CALL, None),
        v.PhaseChanged(CallPhase.ENDING, "You ended the call."),
    )
    assert ending.ending is not None
    assert (ending.ending.detail, ending.ending.final) == ("You ended the call.", False)
    ended = run(
        v.PhaseChanged(CallPhase.ENDED, "You ended the call."),
        v.CallEnded(None, "You ended the call."),
    )
    assert ended.phase is CallPhase.ENDED
    assert ended.ending is not None
    assert ended.ending.final


def test_an_end_not_yet_confirmed_keeps_its_second_until_the_record_comes() -> None:
    decided = datetime(2026, 5, 9, 12, 2, 31, tzinfo=UTC)
    waiting = run(
        v.PhaseChanged(CallPhase.ENDING, "You ended the call."),
        v.EndUnconfirmed(decided),
        v.CallEnded(None, "You ended the call."),
    )
    assert waiting.ending is not None
    assert (waiting.ending.final, waiting.ending.unconfirmed_at) == (True, decided)
    assert "not yet confirmed" in v.describe(waiting)
    record = call_record()
    recorded = next_view(waiting, v.CallRecorded(record))
    assert recorded.ending is not None
    assert (recorded.ending.record, recorded.ending.unconfirmed_at) == (record, None)
    assert recorded.ending.detail == "You ended the call."


class Shown:
    def __init__(self) -> None:
        self.views: list[CallView] = []
        self.frames: list[DisplayFrame] = []
        self.chat: list[str] = []

    def view_changed(self, view: CallView) -> None:
        self.views.append(view)

    def remote_video(self, frame: DisplayFrame) -> None:
        self.frames.append(frame)

    def local_video(self, frame: DisplayFrame) -> None:
        self.frames.append(frame)

    def chat_received(self, text: str) -> None:
        self.chat.append(text)


def test_the_keeper_reports_only_changes_and_logs_old_to_new(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="advisor_app.call.view")
    shown = Shown()
    keeper = CallViewKeeper(shown)
    keeper.phase_changed(CallPhase.CONNECTING, None)  # the view starts there: no change
    assert shown.views == []
    keeper.phase_changed(CallPhase.IN_CALL, None)
    keeper.quality_sampled(CallQuality(800.0, 900.0, 0.0, 30.0))
    keeper.quality_sampled(CallQuality(800.0, 900.0, 0.0, 30.0))  # the same figures again
    keeper.quality_decided(decided(DecisionKind.VIDEO_OFF).decision)
    keeper.chat_received("Hello")
    keeper.remote_video(DisplayFrame(1, 1, 4, b"abc\xff"))
    keeper.booked_end_near(5, datetime(2026, 1, 5, 10, 45, tzinfo=UTC))
    assert [v.phase for v in shown.views] == [CallPhase.IN_CALL] * 4
    assert shown.views[-1] is keeper.view
    assert shown.views[-1].banner is not None
    assert shown.views[-1].banner.minutes_left == 5
    assert (shown.chat, len(shown.frames)) == (["Hello"], 1)  # not state: passed on as they come
    assert "connecting, tile waiting -> in_call, tile waiting" in caplog.text
    assert "in_call, tile waiting -> in_call, tile paused" in caplog.text
    assert "Hello" not in caplog.text
