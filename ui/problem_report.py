"""Help → Report a problem…: a dialog that makes one zip for support, and what runs it.

`ProblemReportDialog` lays out what goes into the report and what never does; the controller
runs a short hardware and network test on the engine (no echo test: it needs the advisor to
speak), then writes the zip off the GUI thread (`advisor_app.problem_report`) and offers to show
it in its folder, ready to attach to an e-mail.
"""

from __future__ import annotations

import asyncio
import logging
import platform
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.hardware_check.report import HardwareReport
from advisor_app.hardware_check.runner import HardwarePlan, run_hardware_check
from advisor_app.logging_setup import log_dir
from advisor_app.problem_report import reports_folder, write_problem_report
from advisor_app.settings import Settings
from ui.engine_calls import EngineCalls
from ui.widgets import set_role
from ui.window_fit import GrowToFit

log = logging.getLogger(__name__)

OpenFolder = Callable[[Path], None]


def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ProblemReportDialog(QDialog):
    """The view: what the report holds, a switch for the test, progress and the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemReportDialog")
        self.setWindowTitle(self.tr("Report a problem"))
        title = QLabel(self.tr("A report for support"))
        set_role(title, "dialogTitle")
        intro = QLabel(
            self.tr(
                "Support needs to see what your computer and the app saw. This makes one file "
                "to attach to your e-mail to support: a short test of your camera, microphone, "
                "speakers and connection, the app's log of the last days and your settings."
            )
        )
        intro.setWordWrap(True)
        never = QLabel(
            self.tr(
                "It never contains your password, your sign-in, e-mail addresses, audio or "
                "video. Customers appear by alias and age only."
            )
        )
        never.setWordWrap(True)
        set_role(never, "muted")
        self.include_test = QCheckBox(
            self.tr("Include the hardware and network test (about 15 seconds, plays a short tone)")
        )
        self.include_test.setChecked(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(3)
        self.progress.hide()
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state.hide()
        self.create_button = QPushButton(self.tr("Create report"))
        set_role(self.create_button, "primary")
        self.create_button.setDefault(True)
        self.show_button = QPushButton(self.tr("Show in folder"))
        self.show_button.hide()
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        for widget in (title, intro, never, self.include_test, self.progress, self.state):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(560, self.sizeHint().height())
        GrowToFit(self)

    def show_working(self, text: str) -> None:
        self.create_button.setEnabled(False)
        self.include_test.setEnabled(False)
        self.progress.show()
        self.state.setObjectName("")
        self.state.setText(text)
        self.state.show()

    def show_done(self, path: Path) -> None:
        self.progress.hide()
        self.state.setObjectName("reportDone")
        self.state.setText(
            self.tr("Saved as %1. Attach this file to your e-mail to support.").replace(
                "%1", str(path)
            )
        )
        self.state.style().polish(self.state)
        self.show_button.show()
        self.create_button.setEnabled(True)
        self.include_test.setEnabled(True)
        self.create_button.setText(self.tr("Create again"))

    def show_failed(self, message: str) -> None:
        self.progress.hide()
        self.state.setObjectName("loginError")
        self.state.setText(self.tr("The report could not be made: %1").replace("%1", message))
        self.state.style().polish(self.state)
        self.create_button.setEnabled(True)
        self.include_test.setEnabled(True)


class ProblemReportController(QObject):
    """Test (optional), then zip; `path` is the last report made."""

    def __init__(
        self,
        dialog: ProblemReportDialog,
        calls: EngineCalls,
        plan: Callable[[], HardwarePlan],
        *,
        folder: Path | None = None,
        logs: Path | None = None,
        show_folder: OpenFolder = open_folder,
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._calls = calls
        self._plan = plan
        self._folder = folder or reports_folder()
        self._logs = logs or log_dir()
        self._show_folder = show_folder
        self.path: Path | None = None
        dialog.create_button.clicked.connect(self.create)
        dialog.show_button.clicked.connect(self._reveal)

    def create(self) -> None:
        if not self._dialog.include_test.isChecked():
            self._write(None)
            return
        self._dialog.show_working(self.tr("Testing camera, microphone, speakers and connection…"))
        plan = replace(self._plan(), echo_test=False)
        self._calls.run(
            run_hardware_check(plan),
            on_result=self._write,
            on_error=self._dialog.show_failed,
            what="hardware test for a problem report",
        )

    def _write(self, hardware: HardwareReport | None) -> None:
        self._dialog.show_working(self.tr("Writing the report…"))
        self._calls.run(
            asyncio.to_thread(
                write_problem_report,
                self._folder,
                made=datetime.now(),
                hardware=hardware,
                log_folder=self._logs,
                settings=Settings.load(),
                extra=_ui_details(),
            ),
            on_result=self._written,
            on_error=self._dialog.show_failed,
            what="write a problem report",
        )

    def _written(self, path: Path) -> None:
        self.path = path
        log.info("problem report written (%d bytes)", path.stat().st_size)
        self._dialog.show_done(path)

    def _reveal(self) -> None:
        if self.path is not None:
            self._show_folder(self.path.parent)


def _ui_details() -> dict[str, str]:
    """The Qt version and the screens (size and scaling): what layout problems depend on."""
    screens = [
        f"{s.size().width()}x{s.size().height()} @ {s.devicePixelRatio():g}"
        for s in QGuiApplication.screens()
    ]
    return {"qt": qVersion(), "platform_plugin": QGuiApplication.platformName(),
            "screens": ", ".join(screens), "os": platform.platform()}  # fmt: skip
