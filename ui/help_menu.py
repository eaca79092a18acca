"""The Help menu's actions: keyboard shortcuts, report a problem, the log folder, About.

Each dialog opens once (a second click brings the open one to the front), non-modal, in front
and with the keyboard, so Escape closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.logging_setup import log_dir
from ui.about_dialog import AboutDialog
from ui.engine_calls import EngineCalls
from ui.main_window import MainWindow
from ui.problem_report import OpenFolder, ProblemReportController, ProblemReportDialog, open_folder
from ui.shortcuts_dialog import ShortcutsDialog
from ui.window_fit import fit_to_screen, show_in_front

D = TypeVar("D", bound=QDialog)


class HelpMenu(QObject):
    """Connects the main window's Help actions."""

    def __init__(
        self,
        window: MainWindow,
        calls: EngineCalls,
        plan: Callable[[], HardwarePlan],
        *,
        show_folder: OpenFolder = open_folder,
        reports: Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._calls = calls
        self._plan = plan
        self._show_folder = show_folder
        self._reports = reports
        window.about_action.triggered.connect(self.about)
        window.shortcuts_action.triggered.connect(self.shortcuts)
        window.log_folder_action.triggered.connect(self.open_log_folder)
        window.report_problem_action.triggered.connect(self.report_problem)

    def about(self) -> AboutDialog:
        return _once(self._window, AboutDialog, lambda: AboutDialog(self._window))

    def shortcuts(self) -> ShortcutsDialog:
        return _once(self._window, ShortcutsDialog, lambda: ShortcutsDialog(self._window))

    def report_problem(self) -> ProblemReportDialog:
        def build() -> ProblemReportDialog:
            dialog = ProblemReportDialog(self._window)
            ProblemReportController(
                dialog, self._calls, self._plan, folder=self._reports, show_folder=self._show_folder
            )
            return dialog

        return _once(self._window, ProblemReportDialog, build)

    def open_log_folder(self) -> Path:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._show_folder(folder)
        return folder


def _once(parent: QWidget, kind: type[D], build: Callable[[], D]) -> D:
    existing = parent.findChild(kind)
    if isinstance(existing, kind) and existing.isVisible():
        show_in_front(existing)
        return existing
    dialog = build()
    dialog.finished.connect(dialog.deleteLater)
    fit_to_screen(dialog, dialog.size())
    show_in_front(dialog)
    return dialog
