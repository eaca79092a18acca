"""The hardware wizard with real parts: a lavfi camera, a PulseAudio null sink, a real platform,
the checks running on a real engine thread. Screenshots of each step go to the test's own folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_app.engine import Engine
from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.hardware_check.report import Verdict
from advisor_app.hardware_check.runner import HardwarePlan
from platform_server.testing import RunningPlatform
from tests.advisor_app.hardware_helpers import someone_speaking
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture
from ui.application import configure_application
from ui.engine_calls import EngineCalls
from ui.settings.hardware_wizard import HardwareWizard
from ui.settings.hardware_wizard_controller import HardwareWizardController

CAMERA = "lavfi:testsrc2=size=640x480:rate=30"


def _wizard(qtbot: QtBot, engine: Engine, plan: HardwarePlan, **kwargs: object):  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    configure_application(app)
    wizard = HardwareWizard()
    qtbot.addWidget(wizard)
    controller = HardwareWizardController(
        wizard, EngineCalls(engine, wizard), lambda: plan, camera_seconds=1.0, audio_seconds=1.0,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    wizard.show()
    return wizard, controller


def _step(qtbot: QtBot, controller: HardwareWizardController, key: str, action) -> None:  # type: ignore[no-untyped-def]
    with qtbot.wait_signal(controller.step_finished, timeout=20_000) as blocker:
        action()
    assert blocker.args == [key]


@pytest.mark.audio
def test_every_step_runs_off_the_gui_thread_and_ends_in_a_report(
    qtbot: QtBot,
    engine: Engine,
    pulse_null_sink: str,  # noqa: F811
    platform: RunningPlatform,
    tmp_path: Path,
    screenshots: Path,
) -> None:
    token = str(platform.login_advisor()["access_token"])
    plan = HardwarePlan(CAMERA, pulse_null_sink, pulse_null_sink,
                        NetworkTarget(platform.base_url, lambda: token))  # fmt: skip
    opened: list[Path] = []
    saved = tmp_path / "report.json"
    wizard, controller = _wizard(qtbot, engine, plan, ask_save_path=lambda _name: str(saved),
                                 open_folder=opened.append)  # fmt: skip

    _step(qtbot, controller, "camera", controller.start)
    assert not wizard.next_button.isEnabled() or controller.running is None
    qtbot.wait_until(lambda: wizard.preview.showing_video, timeout=3000)
    assert controller.results["camera"][0].verdict is Verdict.PASS
    assert "640×480" in wizard.pages["camera"].result.summary.text()
    wizard.grab().save(str(screenshots / "wizard-1-camera.png"))

    with someone_speaking(pulse_null_sink):
        _step(qtbot, controller, "microphone", controller.next_step)
        wizard.level.show_level(-20, clipping=False)  # the meter as it was while speaking
        wizard.grab().save(str(screenshots / "wizard-2-microphone.png"))
    assert controller.results["microphone"][0].verdict is Verdict.PASS
    assert wizard.level.state.text() == "Good"

    _step(qtbot, controller, "speaker", controller.next_step)
    assert controller.results["speaker"][0].verdict is Verdict.PASS  # heard from the monitor
    assert wizard.speaker_answer.isHidden()
    wizard.grab().save(str(screenshots / "wizard-3-speaker.png"))

    with someone_speaking(pulse_null_sink):
        _step(qtbot, controller, "echo", controller.next_step)
    assert controller.results["echo"][0].verdict is Verdict.PASS
    wizard.grab().save(str(screenshots / "wizard-4-echo.png"))

    _step(qtbot, controller, "network", controller.next_step)
    network = {r.key: r.verdict for r in controller.results["network"]}
    assert network["network"] is Verdict.PASS
    assert network["speed"] is Verdict.PASS
    wizard.grab().save(str(screenshots / "wizard-5-network.png"))

    controller.next_step()
    assert "Overall: OK" in wizard.report_text.toPlainText()
    controller.copy_report()
    assert QApplication.clipboard().text() == controller.report().to_text()
    controller.save_report(show_folder=True)
    assert json.loads(saved.read_text())["verdict"] == "pass"
    assert opened == [tmp_path]
    wizard.grab().save(str(screenshots / "wizard-6-report.png"))


def test_a_missing_camera_and_an_unheard_tone_are_explained(
    qtbot: QtBot, engine: Engine, screenshots: Path
) -> None:
    plan = HardwarePlan(None, "none", "none", None)
    wizard, controller = _wizard(qtbot, engine, plan)
    _step(qtbot, controller, "camera", controller.start)
    assert controller.results["camera"][0].verdict is Verdict.FAIL
    assert "No camera" in wizard.pages["camera"].result.summary.text()
    assert "Problem" in wizard.pages["camera"].result.chip.text()
    wizard.grab().save(str(screenshots / "wizard-7-no-camera.png"))
    # The person answers for the speaker when the microphone cannot tell.
    wizard.speaker_answer.show()
    _step(qtbot, controller, "speaker", wizard.not_heard_button.click)
    assert controller.results["speaker"][0].verdict is Verdict.FAIL
    assert "did not hear" in wizard.pages["speaker"].result.summary.text()


def test_the_report_page_says_what_was_not_tested(qtbot: QtBot, engine: Engine) -> None:
    wizard, controller = _wizard(qtbot, engine, HardwarePlan(None, "none", "none", None))
    _step(qtbot, controller, "camera", controller.start)
    controller.go_to(wizard.stack.count() - 1)
    assert "Not tested: Microphone, Speaker, Echo test, Network" in wizard.report_verdict.text()
    assert not wizard.next_button.isVisible()


def test_the_file_menu_opens_the_wizard(qtbot: QtBot, gui) -> None:  # type: ignore[no-untyped-def]
    gui.window.hardware_test_action.trigger()
    wizards = gui.window.findChildren(HardwareWizard)
    assert len(wizards) == 1
    assert wizards[0].isVisible()
    assert wizards[0].current_step == 0  # the camera step started by itself
    wizards[0].close_button.click()
