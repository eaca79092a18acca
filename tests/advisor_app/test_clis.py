"""The device listing and the hardware check as their own modules' `main`, in-process (the
entry point's dispatch to them is in test_hardware_cli.py)."""

from __future__ import annotations

import json

import pytest

from advisor_app import devices_cli, hardware_cli
from advisor_app.settings import Settings


def test_devices_lists_cameras_and_sound_devices_as_text_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Settings(camera="v4l2/none-here").save()
    assert devices_cli.main([]) == 0
    assert capsys.readouterr().out.startswith("Cameras:\n")
    assert devices_cli.main(["--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == {"cameras", "sound_devices", "problem"}


def test_the_hardware_check_without_devices_or_network_fails_clearly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--json", "--no-network", "--no-echo-test", "--camera", "none",
            "--microphone", "none", "--speaker", "none"]  # fmt: skip
    assert hardware_cli.main(argv) == 1
    report = json.loads(capsys.readouterr().out)
    verdicts = {check["key"]: check["verdict"] for check in report["checks"]}
    assert verdicts
    assert "fail" in verdicts.values()
