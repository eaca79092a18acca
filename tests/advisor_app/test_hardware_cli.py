"""`advisor-app check-hardware` and `advisor-app devices`: exit codes follow the results."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from advisor_app.__main__ import main
from advisor_app.settings import Settings
from platform_server.seed import DEMO_ADVISOR_EMAIL, DEMO_ADVISOR_PASSWORD
from platform_server.testing import RunningPlatform
from tests.advisor_app.hardware_helpers import someone_speaking
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture


def test_a_failing_check_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check-hardware", "--camera", "v4l2:/dev/video-none", "--microphone", "none",
                 "--speaker", "none", "--no-network"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "Overall: Problem" in out
    assert "[Problem] Camera: The camera could not be opened" in out


@pytest.mark.audio
def test_all_checks_passing_exits_0_and_prints_json(
    pulse_null_sink: str,  # noqa: F811
    platform: RunningPlatform,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADVISOR_APP_PASSWORD", DEMO_ADVISOR_PASSWORD)
    with someone_speaking(pulse_null_sink):
        code = main(
            [
                "check-hardware",
                "--json",
                "--no-echo-test",
                "--server",
                platform.base_url,
                "--email",
                DEMO_ADVISOR_EMAIL,
                "--camera",
                "lavfi:testsrc2=size=640x480:rate=30",
                "--microphone",
                pulse_null_sink,
                "--speaker",
                pulse_null_sink,
            ]
        )
    report = json.loads(capsys.readouterr().out)
    verdicts = {check["key"]: check["verdict"] for check in report["checks"]}
    assert verdicts == {
        "camera": "pass",
        "microphone": "pass",
        "speaker": "pass",
        "network": "pass",
        "speed": "pass",
        "stun": "skipped",
        "turn": "skipped",
    }
    assert code == 0


def test_a_bad_server_address_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-hardware", "--server", "ftp://nowhere", "--camera", "none"]) == 2
    assert "check-hardware" in capsys.readouterr().err


def test_devices_lists_what_the_app_sees_with_identities(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Settings(camera="v4l2/none-here").save()
    assert main(["devices"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Cameras:\n")
    assert "Microphones:" in text
    assert "Speakers:" in text
    assert main(["devices", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"cameras", "sound_devices", "problem"}


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
def test_the_commands_are_reachable_from_the_installed_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "advisor_app", "check-hardware", "--help"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert "--microphone SPEC" in result.stdout
