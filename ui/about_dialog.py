"""Help → About: the app's name and version, and the licences of what it bundles.

The licence texts are the files of `packaging/licenses/` (in an installation: `licenses/` in the
bundle), shown as they are: NOTICE.txt first, which names every component and its licence.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from advisor_app.hardware_check.report import app_version
from ui.icons import app_icon, render
from ui.widgets import set_role
from ui.window_fit import GrowToFit


def licenses_dir() -> Path:
    """Where the licence texts are: in the frozen bundle, or `packaging/licenses/` in the tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "licenses"
    return Path(__file__).resolve().parent.parent / "packaging" / "licenses"


def licence_files(folder: Path | None = None) -> list[Path]:
    """The licence texts, NOTICE.txt first."""
    found = sorted((folder or licenses_dir()).glob("*.txt"))
    return sorted(found, key=lambda path: path.name != "NOTICE.txt")


class AboutDialog(QDialog):
    """Name, version, Qt's version and a reader for the licences."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Advisor Desk"))
        self.setWindowIcon(app_icon())
        logo = QLabel()
        logo.setPixmap(render("app", 48))
        name = QLabel(self.tr("Advisor Desk"))
        set_role(name, "dialogTitle")
        self.version = QLabel(
            self.tr("Version %1 · Qt %2").replace("%1", app_version()).replace("%2", qVersion())
        )
        set_role(self.version, "muted")
        self.version.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(name)
        names.addWidget(self.version)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(logo)
        top.addLayout(names, 1)

        intro = QLabel(
            self.tr(
                "Take live video calls and booked appointments with your customers. "
                "The app bundles open-source software; each part keeps its own licence:"
            )
        )
        intro.setWordWrap(True)
        self.licences = QComboBox()
        self.licences.setAccessibleName(self.tr("Licence"))
        for path in licence_files(folder):
            self.licences.addItem(path.name, str(path))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Licence text"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setMinimumHeight(160)
        # The licence files are wrapped by their authors: wrapping again left ragged half-lines.
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licences.currentIndexChanged.connect(self._show_licence)
        self._show_licence()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.licences)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        # Wide enough for the licence texts' lines (NOTICE.txt: 100 columns) where there is room.
        # 120: the dialog's margins, the text's frame and padding, its scroll bar.
        self.resize(self.text.fontMetrics().horizontalAdvance("M" * 100) + 120, 560)
        GrowToFit(self)

    def _show_licence(self) -> None:
        path = self.licences.currentData()
        if not isinstance(path, str):
            self.text.setPlainText(self.tr("The licence texts are missing from this installation."))
            return
        try:
            self.text.setPlainText(Path(path).read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            self.text.setPlainText(str(exc))
