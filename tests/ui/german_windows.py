"""The app's windows built in German, for the catalogue test and the German screenshots.

`build_german_windows` installs the German catalogue (the caller restores English), builds the
real main window around a `FakeDesk` with demo data (a ringing request, the booking queue with a
request selected), a call window with the booked-call bar, the settings dialog, the hardware
wizard with results, the login dialog and the answer dialogs, and returns them by name.
`visible_texts` lists what a person can read in a window: titles, labels, buttons, tooltips,
placeholders, tab and list items, table headers, menu entries and accessible names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from advisor_app.call.listener import CallQuality
from advisor_app.domain.texts import N_
from advisor_app.engine import Engine
from advisor_app.hardware_check.report import CheckResult, Verdict
from tests.ui import demo_data
from tests.ui.demo_screens import demo_gui, settle, show_a_working_day
from ui.application import AdvisorGui
from ui.bookings.answer_dialogs import DeclineBookingDialog, ProposeTimeDialog
from ui.call.booked_bar import BookedCallBar
from ui.call.bridge import CallBridge
from ui.call.controller import CallController
from ui.call.window import CallWindow
from ui.decline_dialog import DeclineDialog
from ui.settings.dialog import SettingsDialog
from ui.settings.hardware_wizard import HardwareWizard
from ui.translations import install_translations

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class GermanWindows:
    gui: AdvisorGui
    windows: dict[str, QWidget] = field(default_factory=dict)

    def close(self) -> None:
        for window in self.windows.values():
            if window is not self.gui.window:
                window.close()
                window.deleteLater()
        self.gui.close()
        QCoreApplication.processEvents()


def build_german_windows(app: QApplication, engine: Engine) -> GermanWindows:
    """Every top-level window of the app, in German, filled with demo data."""
    assert install_translations(app, "de") == "de"
    now = demo_data.NOW
    gui = demo_gui(engine)
    built = GermanWindows(gui)
    gui.start()
    settle(400)
    show_a_working_day(gui, now)
    settle(300)
    built.windows["main"] = gui.window
    built.windows["login"] = gui.login

    built.windows["call"] = _call_window(engine)
    settings = SettingsDialog()
    settings.resize(900, 640)
    built.windows["settings"] = settings
    built.windows["wizard"] = _wizard()
    built.windows["decline-call"] = DeclineDialog("Mia")
    built.windows["propose"] = ProposeTimeDialog("Lea", now + timedelta(days=2), BERLIN)
    built.windows["decline-booking"] = DeclineBookingDialog("Lea")
    for window in built.windows.values():
        window.show()
    settle(300)
    return built


def _call_window(engine: Engine) -> CallWindow:
    window = CallWindow("Mia", 34)
    window.resize(1180, 720)
    bridge = CallBridge()
    controller = CallController(window, bridge, engine, "Mia")
    bar = BookedCallBar("Mia")
    window.add_strip(bar)
    caption = QCoreApplication.translate("BookedCallController", "left · ends at %1")
    bar.show_time_left("23:10", caption.replace("%1", "Sa. 21. Nov., 10:45 CET"), "")
    window.show_security_code("042 917", "Mia")
    window.quality.show_quality(CallQuality(842.0, 1210.0, 0.004, 38.0))
    window.chat.add_received("Hallo! Hören Sie mich gut?")
    controller.setObjectName("germanCallController")
    window._german_keep = (bridge, controller)  # type: ignore[attr-defined]  # kept alive
    return window


def _wizard() -> HardwareWizard:
    wizard = HardwareWizard()
    # As `advisor_app.hardware_check.camera_check` makes them: marked English, translated later.
    summary = N_("HardwareCheck", "{width}×{height} at {fps} frames per second.")
    advice = N_(
        "HardwareCheck",
        "The picture is too dark: switch on a lamp in front of you, or face a window.",
    )
    camera = CheckResult(
        "camera",
        N_("HardwareCheck", "Camera"),
        Verdict.WARN,
        summary.format(width=1280, height=720, fps=30),
        (advice,),
    )
    wizard.pages["camera"].result.show_results([camera])
    wizard.mark_step("camera", Verdict.WARN)
    return wizard


# ---- what a person reads -----------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    text = _TAGS.sub(" ", text).replace("&nbsp;", " ").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", text).strip()


def visible_texts(window: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read in `window` (texts may be empty)."""
    yield "window title", window.windowTitle()
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        where = f"{type(widget).__name__} {widget.objectName()}".strip()
        yield f"{where} tooltip", _plain(widget.toolTip())
        yield f"{where} accessible name", widget.accessibleName()
        yield f"{where} accessible description", _plain(widget.accessibleDescription())
        if isinstance(widget, QLabel):
            yield f"{where} text", _plain(widget.text())
        elif isinstance(widget, QAbstractButton):
            yield f"{where} text", widget.text()
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QComboBox):
            yield f"{where} placeholder", widget.placeholderText()
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                yield f"{where} tab", widget.tabText(index)
        if isinstance(widget, QListWidget):
            for row in range(widget.count()):
                item = widget.item(row)
                if item is not None:
                    yield f"{where} item", item.text()
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount(QModelIndex())):
                header = model.headerData(column, Qt.Orientation.Horizontal)
                if isinstance(header, str):
                    yield f"{where} header", header
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            yield "menu", action.text()
            menu = action.menu()
            if isinstance(menu, QMenu):
                for entry in menu.actions():
                    yield "menu entry", entry.text()
