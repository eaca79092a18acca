"""`advisor-app headless` in the test's process: its options, and the JSON report its listener
keeps (the whole headless call runs as a subprocess in tests/e2e)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor_app.call.listener import CallPhase, CallQuality
from advisor_app.domain.models import EndReason
from advisor_app.headless import CallReport, main, parse_args
from advisor_app.quality.policy import (
    DecisionKind,
    LineReading,
    QualityDecision,
    VideoLevel,
)
from tests.advisor_app.quality.test_record import FIGURES
from tests.ui.call.test_window import call_record


def test_without_auto_accept_it_refuses_to_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--server", "http://127.0.0.1:9", "--email", "a@b.c", "--password", "x",
            "--report", str(tmp_path / "r.json")]  # fmt: skip
    assert main(argv) == 2
    assert "--auto-accept" in capsys.readouterr().err
    assert not (tmp_path / "r.json").exists()
    options = parse_args([*argv, "--auto-accept", "--reconnect-at", "6"])
    assert (options.duration, options.reconnect_at, options.camera.startswith("lavfi:")) == (
        30.0, 6.0, True,
    )  # fmt: skip


async def test_the_report_keeps_what_the_call_said_in_order() -> None:
    report = CallReport()
    report.phase_changed(CallPhase.IN_CALL, None)
    report.security_code_ready("042 917")
    report.security_code_ready("518 204")  # a fresh connection
    report.remote_camera_changed(False)
    report.chat_received("Hallo")
    report.notice("Video paused: connection too slow.")
    report.quality_sampled(CallQuality(800.0, 900.0, 0.0, 30.0))  # the samples come richer
    report.line_measured(LineReading(at=report.t() + 100, up_kbps=190.0, down_kbps=None,
                                     up_floor_kbps=0.0, down_floor_kbps=0.0, loss=0.35,
                                     rtt_ms=320.0))  # fmt: skip
    paused = "Video paused: connection too slow."
    report.quality_decided(QualityDecision(DecisionKind.VIDEO_OFF, 0.0, VideoLevel.OFF, paused,
                                           FIGURES))  # fmt: skip
    report.call_ended(call_record(42, EndReason.BANDWIDTH, "advisor"), "The line was too slow.")

    body = json.loads(json.dumps(report.to_json(None, None)))
    assert report.connected.is_set()
    assert body["security_code"] == "518 204"
    names = [e["event"] for e in body["events"]]
    assert names[0] == "accepted"
    assert {"security_code_changed", "remote_camera_off", "chat_received", "video_off"} <= set(
        names
    )
    assert body["chat_received"] == ["Hallo"]
    assert body["notices"] == ["Video paused: connection too slow."]
    assert body["line"][0]["up_kbps"] == 190.0
    assert body["ended"] == {
        "reason": "bandwidth", "by": "advisor", "billed_seconds": 42,
        "detail": "The line was too slow.", "billed_until": None, "decided_at": None,
    }  # fmt: skip
