"""The hardware checks for real: a lavfi camera, a PulseAudio null sink as speaker and (through
its monitor) microphone; the report as text and JSON."""

from __future__ import annotations

import json

import pytest

from advisor_app.hardware_check.audio_checks import (
    TONE_DBFS,
    check_echo_test,
    check_microphone,
    check_speaker,
)
from advisor_app.hardware_check.camera_check import check_camera
from advisor_app.hardware_check.report import CheckResult, HardwareReport, Verdict
from tests.advisor_app.hardware_helpers import someone_speaking
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture

TESTSRC = "lavfi:testsrc2=size=640x480:rate=30"


async def test_a_good_camera_passes_with_size_and_frame_rate() -> None:
    result = await check_camera(TESTSRC, seconds=1.0)
    assert result.verdict is Verdict.PASS, result
    assert (result.figures["width"], result.figures["height"]) == (640, 480)
    assert result.figures["fps"] == pytest.approx(30, abs=4)


async def test_a_camera_in_the_dark_warns_with_advice() -> None:
    result = await check_camera("lavfi:color=c=0x101010:size=640x480:rate=30", seconds=0.7)
    assert result.verdict is Verdict.WARN
    assert any("too dark" in line for line in result.advice)


async def test_no_camera_and_a_broken_camera_fail_with_a_reason() -> None:
    missing = await check_camera(None)
    assert missing.verdict is Verdict.FAIL
    assert "No camera" in missing.summary
    broken = await check_camera("v4l2:/dev/video-does-not-exist", seconds=0.5)
    assert broken.verdict is Verdict.FAIL
    assert "could not be opened" in broken.summary


async def test_frames_reach_the_preview_while_the_camera_is_checked() -> None:
    seen: list[int] = []
    await check_camera(TESTSRC, seconds=0.5, on_frame=lambda frame: seen.append(frame.width))
    assert len(seen) >= 5
    assert set(seen) == {640}


@pytest.mark.audio
async def test_the_speaker_tone_comes_back_from_the_monitor_at_its_level(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    result = await check_speaker(pulse_null_sink, listen_with=pulse_null_sink, seconds=1.0)
    assert result.verdict is Verdict.PASS, result
    assert result.figures["heard_dbfs"] == pytest.approx(TONE_DBFS, abs=2.0)


@pytest.mark.audio
async def test_a_speaking_advisor_passes_and_a_silent_microphone_fails(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    with someone_speaking(pulse_null_sink):
        speaking = await check_microphone(pulse_null_sink, seconds=1.5)
    assert speaking.verdict is Verdict.PASS, speaking
    assert speaking.figures["speech_dbfs"] == pytest.approx(-21, abs=5)
    silent = await check_microphone(pulse_null_sink, seconds=0.6)
    assert silent.verdict is Verdict.FAIL
    assert any("muted" in line for line in silent.advice)


@pytest.mark.audio
async def test_the_echo_test_records_and_plays_back(pulse_null_sink: str) -> None:  # noqa: F811
    with someone_speaking(pulse_null_sink):
        result = await check_echo_test(pulse_null_sink, pulse_null_sink, seconds=1.0)
    assert result.verdict is Verdict.PASS, result
    assert "nothing was saved" in result.summary


async def test_no_microphone_fails_clearly() -> None:
    result = await check_microphone("none", seconds=0.2)
    assert result.verdict is Verdict.FAIL
    assert "could not be used" in result.summary


def test_the_report_as_text_and_json() -> None:
    report = HardwareReport(
        (
            CheckResult("camera", "Camera", Verdict.PASS, "640×480 at 30 frames per second",
                        figures={"fps": 30.0}),
            CheckResult("speed", "Speed", Verdict.FAIL, "Download 200 kbit/s",
                        ("Too slow for video calls.",), {"download_kbps": 200}),
            CheckResult("turn", "TURN relay", Verdict.SKIPPED, "The platform names no TURN relay."),
        )
    )  # fmt: skip
    assert report.failed
    text = report.to_text()
    assert "Overall: Problem" in text
    assert "[OK] Camera: 640×480 at 30 frames per second" in text
    assert "    → Too slow for video calls." in text
    assert "(download_kbps=200)" in text
    data = json.loads(report.to_json_text())
    assert data["verdict"] == "fail"
    assert [c["verdict"] for c in data["checks"]] == ["pass", "fail", "skipped"]
    assert data["checks"][1]["advice"] == ["Too slow for video calls."]


def test_skipped_checks_do_not_fail_the_report() -> None:
    report = HardwareReport((CheckResult("turn", "TURN", Verdict.SKIPPED, "none"),))
    assert report.verdict is Verdict.SKIPPED
    assert not report.failed
