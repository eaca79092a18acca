"""The Help menu: shortcuts, About with the licences, the log folder, and a real problem report
made through the engine (a lavfi camera, no sound device on this machine's test path)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.logging_setup import log_dir
from ui.about_dialog import AboutDialog, licence_files
from ui.application import AdvisorGui
from ui.help_menu import HelpMenu
from ui.shortcuts_dialog import ShortcutsDialog

CAMERA = "lavfi:testsrc2=size=320x240:rate=15"


def test_the_help_menu_lists_its_entries(gui: AdvisorGui) -> None:
    window = gui.window
    menus = [action.menu() for action in window.menuBar().actions()]
    help_menu = menus[-1]
    assert isinstance(help_menu, QMenu)
    entries = [a for a in help_menu.actions() if not a.isSeparator()]
    assert entries == [
        window.shortcuts_action,
        window.report_problem_action,
        window.log_folder_action,
        window.about_action,
    ]
    assert window.shortcuts_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)


def test_about_names_the_version_and_shows_the_notice_first(qtbot: QtBot, gui: AdvisorGui) -> None:
    gui.window.about_action.trigger()
    about = gui.window.findChild(AboutDialog)
    assert isinstance(about, AboutDialog)
    qtbot.waitUntil(about.isVisible)
    assert about.version.text().startswith("Version ")
    names = [about.licences.itemText(i) for i in range(about.licences.count())]
    assert names[0] == "NOTICE.txt"
    assert {"GPL-2.0.txt", "LGPL-3.0.txt"} <= set(names)
    assert "FFmpeg" in about.text.toPlainText()
    about.licences.setCurrentIndex(names.index("LGPL-3.0.txt"))
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in about.text.toPlainText()
    gui.window.about_action.trigger()  # a second time brings the same one forward
    assert len(gui.window.findChildren(AboutDialog)) == 1
    assert next(p.name for p in licence_files()) == "NOTICE.txt"


def test_shortcuts_open_in_front(qtbot: QtBot, gui: AdvisorGui) -> None:
    gui.window.show()
    qtbot.waitExposed(gui.window)
    gui.window.shortcuts_action.trigger()
    dialog = gui.window.findChild(ShortcutsDialog)
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.waitUntil(dialog.isActiveWindow)


def test_the_log_folder_is_shown(gui: AdvisorGui, tmp_path: Path) -> None:
    shown: list[Path] = []
    menu = HelpMenu(gui.window, gui.calls, _plan, show_folder=shown.append)
    assert menu.open_log_folder() == log_dir()
    assert shown == [log_dir()]
    assert log_dir().is_dir()


def _plan() -> HardwarePlan:
    return HardwarePlan(CAMERA, "none", "none", None, camera_seconds=0.5, microphone_seconds=0.5)


def test_report_a_problem_writes_one_zip_ready_to_send(
    qtbot: QtBot, gui: AdvisorGui, tmp_path: Path
) -> None:
    log_dir().mkdir(parents=True, exist_ok=True)
    (log_dir() / "advisor-app.log").write_text("12:00:01 INFO desk: call with Mia (34) ended\n")
    shown: list[Path] = []
    menu = HelpMenu(gui.window, gui.calls, _plan, show_folder=shown.append, reports=tmp_path)
    dialog = menu.report_problem()
    assert dialog.include_test.isChecked()
    dialog.create_button.click()
    qtbot.waitUntil(dialog.show_button.isVisible, timeout=30_000)
    reports = list(tmp_path.glob("advisor-problem-report-*.zip"))
    assert len(reports) == 1
    assert str(reports[0]) in dialog.state.text()
    with zipfile.ZipFile(reports[0]) as archive:
        names = set(archive.namelist())
        assert {"README.txt", "hardware-report.txt", "system.json"} <= names
        report = archive.read("hardware-report.txt").decode()
        assert "Camera" in report
        assert "call with Mia (34) ended" in archive.read("log/advisor-app.log").decode()
    dialog.show_button.click()
    assert shown == [tmp_path]
