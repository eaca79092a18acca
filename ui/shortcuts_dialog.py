"""Help → Keyboard shortcuts: every key the app answers to, grouped by where it works."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.call.controls import CAMERA_SHORTCUT, HANG_UP_SHORTCUT, MICROPHONE_SHORTCUT
from ui.translations import tr_noop
from ui.widgets import scrolling, set_role

# (group, [(keys, what)]): English, marked for `pyside6-lupdate`, translated when shown. Keys are
# shown in the platform's own words (Ctrl on Windows and Linux, ⌘ on macOS).
SHORTCUTS = (
    (
        tr_noop("ShortcutsDialog", "Main window"),
        (
            ("Alt+N", tr_noop("ShortcutsDialog", "Go online")),
            ("Alt+U", tr_noop("ShortcutsDialog", "Set yourself busy")),
            ("Alt+F", tr_noop("ShortcutsDialog", "Go offline")),
            ("Alt+A", tr_noop("ShortcutsDialog", "Accept the longest-waiting live call")),
            ("Alt+D", tr_noop("ShortcutsDialog", "Decline the longest-waiting live call")),
            ("Ctrl+,", tr_noop("ShortcutsDialog", "Settings")),
            ("F1", tr_noop("ShortcutsDialog", "These keyboard shortcuts")),
            ("Ctrl+Q", tr_noop("ShortcutsDialog", "Quit")),
        ),
    ),
    (
        tr_noop("ShortcutsDialog", "During a call"),
        (
            (MICROPHONE_SHORTCUT, tr_noop("ShortcutsDialog", "Microphone on or off")),
            (CAMERA_SHORTCUT, tr_noop("ShortcutsDialog", "Camera on or off")),
            (HANG_UP_SHORTCUT, tr_noop("ShortcutsDialog", "Hang up")),
            ("Esc", tr_noop("ShortcutsDialog", "Hang up (asks first)")),
        ),
    ),
    (
        tr_noop("ShortcutsDialog", "Dialogs"),
        (
            ("Enter", tr_noop("ShortcutsDialog", "The highlighted button (Sign in, Save)")),
            ("Esc", tr_noop("ShortcutsDialog", "Close without saving")),
        ),
    ),
)


def key_text(keys: str) -> str:
    """`keys` as the platform writes them."""
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys


class ShortcutsDialog(QDialog):
    """A read-only table of keys; Esc or Close closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        sheet = QWidget()
        grid = QGridLayout(sheet)
        grid.setContentsMargins(24, 20, 24, 12)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        row = 0
        for group, entries in SHORTCUTS:
            title = QLabel(self.tr(group))
            set_role(title, "dialogTitle")
            grid.addWidget(title, row, 0, 1, 2)
            row += 1
            for keys, what in entries:
                key = QLabel(key_text(keys))
                set_role(key, "keyCap")
                key.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignVCenter)  # one line high
                text = QLabel(self.tr(what))
                text.setWordWrap(True)
                grid.addWidget(text, row, 1)
                row += 1
            grid.setRowMinimumHeight(row, 10)
            row += 1
        grid.setColumnStretch(1, 1)
        scroll = scrolling(sheet)  # the dialog's own background shows through
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 12)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        # Tall enough for the whole list where the screen has room; it scrolls where not.
        self.resize(max(480, sheet.sizeHint().width() + 40), sheet.sizeHint().height() + 60)
