"""Runs the hardware test behind the wizard: each step's check on the engine, never on the GUI.

A step starts when its page is reached (or "Test again" is pressed); its result comes back through
`EngineCalls` on the GUI thread. The camera's picture and the microphone's level are shown by the
device preview the settings dialog uses too (`ui.settings.device_preview.DevicePreviews`). The
report can be copied, saved (text, or JSON for a ``.json`` name) or saved and shown in its folder
for sending to support.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog

from advisor_app.domain.levels import LevelReading
from advisor_app.domain.texts import N_
from advisor_app.hardware_check.report import CheckResult, HardwareReport, Verdict
from advisor_app.hardware_check.runner import HardwarePlan
from ui.engine_calls import EngineCalls
from ui.settings.device_preview import DevicePreviews
from ui.settings.hardware_wizard import STEPS, HardwareWizard
from ui.translations import core_text, tr_noop

AskSavePath = Callable[[str], str]  # suggested file name -> chosen path ("" = cancelled)
OpenFolder = Callable[[Path], object]

PREVIEW_SIZE = (640, 480)


class HardwareWizardController(QObject):
    """``plan`` is asked for the devices and platform each time a step starts (settings may
    change meanwhile). `step_finished(key)` is emitted when a step's result is shown."""

    step_finished = Signal(str)

    def __init__(
        self,
        wizard: HardwareWizard,
        calls: EngineCalls,
        plan: Callable[[], HardwarePlan],
        *,
        ask_save_path: AskSavePath | None = None,
        open_folder: OpenFolder | None = None,
        camera_seconds: float = 2.5,
        audio_seconds: float = 3.0,
    ) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self._calls = calls
        self._plan = plan
        self._ask_save_path = ask_save_path or self._ask_with_dialog
        self._open_folder = open_folder or _open_folder
        self._camera_seconds = camera_seconds
        self._audio_seconds = audio_seconds
        self.results: dict[str, list[CheckResult]] = {}
        self._running: str | None = None
        self.previews = DevicePreviews(calls, self, max_size=PREVIEW_SIZE)
        self.previews.frame.connect(wizard.preview.show_frame)
        self.previews.level.connect(self._show_level)
        wizard.finished.connect(lambda _result: self.previews.stop_all())

        wizard.next_button.clicked.connect(self.next_step)
        wizard.back_button.clicked.connect(lambda: self.go_to(wizard.current_step - 1))
        wizard.close_button.clicked.connect(wizard.reject)
        for key, page in wizard.pages.items():
            page.again.clicked.connect(lambda _checked=False, k=key: self.run_step(k))
        wizard.heard_button.clicked.connect(lambda: self._speaker_answered(heard=True))
        wizard.not_heard_button.clicked.connect(lambda: self._speaker_answered(heard=False))
        wizard.copy_button.clicked.connect(self.copy_report)
        wizard.save_button.clicked.connect(lambda: self.save_report(show_folder=False))
        wizard.share_button.clicked.connect(lambda: self.save_report(show_folder=True))

    @property
    def running(self) -> str | None:
        return self._running

    def start(self) -> None:
        """Show the first step and run it."""
        self.go_to(0)

    def next_step(self) -> None:
        self.go_to(self._wizard.current_step + 1)

    def go_to(self, index: int) -> None:
        if not 0 <= index < self._wizard.stack.count():
            return
        self._wizard.show_step(index)
        if index < len(STEPS):
            key = STEPS[index][0]
            if key not in self.results and self._running is None:
                self.run_step(key)
        else:
            self._show_report()
        self._update_buttons()

    def run_step(self, key: str) -> None:
        if self._running is not None:
            return
        self._running = key
        page = self._wizard.pages[key]
        page.result.show_running(self.tr(_RUNNING_TEXT[key]))
        page.again.setEnabled(False)
        if key == "speaker":
            self._wizard.speaker_answer.hide()
        if key == "camera":
            self._wizard.preview.set_camera_on(True)
        self._update_buttons()
        plan = dataclasses.replace(
            self._plan(),
            camera_seconds=self._camera_seconds,
            microphone_seconds=self._audio_seconds,
            echo_seconds=self._audio_seconds,
        )
        self._calls.run(
            self.previews.run_check(key, plan),
            # Bound methods, so a result that comes after the wizard closed is dropped
            # (EngineCalls skips a callback whose QObject is gone; a lambda hides its owner).
            on_result=functools.partial(self._finished, key),
            on_error=functools.partial(self._check_crashed, key),
            what=f"hardware check {key}",
        )

    def _finished(self, key: str, results: list[CheckResult]) -> None:
        self._running = None
        self.previews.stop_microphone()  # the level stops with its step
        self.results[key] = results
        page = self._wizard.pages[key]
        page.result.show_results(results)
        page.again.setEnabled(True)
        self._wizard.mark_step(key, _worst(results))
        if key == "camera" and not self._wizard.preview.showing_video:
            self._wizard.preview.set_camera_on(False, self.tr("No picture from the camera"))
        if key == "speaker" and results[0].verdict is Verdict.WARN:
            self._wizard.speaker_answer.show()  # the microphone did not hear it: ask the person
        self._update_buttons()
        self.step_finished.emit(key)

    def _check_crashed(self, key: str, message: str) -> None:
        self._finished(key, [_crashed(key, message)])

    def _speaker_answered(self, *, heard: bool) -> None:
        base = self.results.get("speaker", [])
        figures = base[0].figures if base else {}
        # Results stay English (they go into the report for support); the wizard translates them.
        title = N_("HardwareCheck", "Speaker")
        if heard:
            result = CheckResult(
                "speaker", title, Verdict.PASS,
                N_("HardwareCheck", "You heard the test tone."), (), figures,
            )  # fmt: skip
        else:
            result = CheckResult(
                "speaker", title, Verdict.FAIL,
                N_("HardwareCheck", "You did not hear the test tone."),
                (N_("HardwareCheck", "Turn the volume up, check that the right speaker or headset "
                    "is chosen in Settings, and that it is switched on."),), figures,
            )  # fmt: skip
        self._wizard.speaker_answer.hide()
        self._finished("speaker", [result])

    def _update_buttons(self) -> None:
        self._wizard.next_button.setEnabled(self._running is None)
        self._wizard.back_button.setEnabled(self._running is None and self._wizard.current_step > 0)

    def _show_level(self, reading: LevelReading) -> None:
        self._wizard.level.show_level(reading.level_dbfs, clipping=reading.clipping)

    # -- the report ------------------------------------------------------------------------------

    def report(self) -> HardwareReport:
        ordered = [r for key, _title, _text in STEPS for r in self.results.get(key, [])]
        return HardwareReport(tuple(ordered))

    def _show_report(self) -> None:
        report = self.report()
        self._wizard.report_text.setPlainText(report.to_text())
        untested = [core_text(title) for key, title, _t in STEPS if key not in self.results]
        verdict = self.tr("Overall: %1.").replace("%1", core_text(report.verdict.label))
        if untested:
            verdict += " " + self.tr("Not tested: %1.").replace("%1", ", ".join(untested))
        self._wizard.report_verdict.setText(
            verdict
            + " "
            + self.tr("Copy or save this report and send it to support if something is wrong.")
        )

    def copy_report(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.report().to_text())
        self._wizard.report_note.setText(self.tr("The report is on the clipboard."))

    def save_report(self, *, show_folder: bool) -> Path | None:
        stamp = self.report().created_at.strftime("%Y%m%d-%H%M")
        chosen = self._ask_save_path(f"advisor-hardware-report-{stamp}.txt")
        if not chosen:
            return None
        path = Path(chosen)
        report = self.report()
        text = report.to_json_text() if path.suffix.lower() == ".json" else report.to_text()
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self._wizard.report_note.setText(
                self.tr("Could not save the report: %1").replace("%1", str(exc.strerror or exc))
            )
            return None
        self._wizard.report_note.setText(self.tr("Saved to %1").replace("%1", str(path)))
        if show_folder:
            self._open_folder(path.parent)
        return path

    def _ask_with_dialog(self, suggested: str) -> str:
        chosen, _filter = QFileDialog.getSaveFileName(
            self._wizard, self.tr("Save the report"), str(Path.home() / suggested),
            self.tr("Text (*.txt);;JSON (*.json)"),
        )  # fmt: skip
        return chosen


def _worst(results: list[CheckResult]) -> Verdict:
    order = [Verdict.FAIL, Verdict.WARN, Verdict.PASS, Verdict.SKIPPED]
    return next(v for v in order if any(r.verdict is v for r in results))


def _crashed(key: str, message: str) -> CheckResult:
    title = next(title for k, title, _t in STEPS if k == key)
    summary = N_("HardwareCheck", "The test could not run: {message}").format(message=message)
    return CheckResult(key, title, Verdict.FAIL, summary)


def _open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


# English source texts, marked for `pyside6-lupdate`; translated when a step starts.
_RUNNING_TEXT = {
    "camera": tr_noop("HardwareWizardController", "Looking at the camera picture…"),
    "microphone": tr_noop("HardwareWizardController", "Listening… say a few words."),
    "speaker": tr_noop("HardwareWizardController", "Playing a test tone…"),
    "echo": tr_noop(
        "HardwareWizardController", "Recording… speak now. Then you will hear it played back."
    ),
    "network": tr_noop("HardwareWizardController", "Measuring the connection to the platform…"),
}
