"""The bar of big round buttons under the video: microphone, camera, hang up.

Each button has an icon, a caption under it, a tooltip naming its shortcut and an accessible name.
The microphone and camera buttons are checked while the device is ON, so assistive technology reads
"Microphone, checked" for a live microphone. Keyboard: Ctrl+D microphone, Ctrl+E camera, Ctrl+H hang
up (at once, like the button); Esc asks first (see `CallWindow`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.call import theme as call_theme
from ui.call.icons import CAMERA, CAMERA_OFF, HANG_UP, ICON_SIZE, MIC, MIC_OFF, icon, toggle_icon
from ui.translations import tr_noop

MICROPHONE_SHORTCUT = "Ctrl+D"
CAMERA_SHORTCUT = "Ctrl+E"
HANG_UP_SHORTCUT = "Ctrl+H"


@dataclass(frozen=True, slots=True)
class _Wording:
    """What a device button says when the device is on and when it is off.

    English source texts, marked for `pyside6-lupdate` under "CallControls" and translated when
    shown.
    """

    device: str
    caption_on: str
    caption_off: str
    tip_on: str
    tip_off: str
    state_on: str
    state_off: str
    shortcut: str


_MICROPHONE = _Wording(
    tr_noop("CallControls", "Microphone"),
    tr_noop("CallControls", "Mute"),
    tr_noop("CallControls", "Unmute"),
    tr_noop("CallControls", "Mute your microphone"),
    tr_noop("CallControls", "Unmute your microphone"),
    tr_noop("CallControls", "Microphone is on."),
    tr_noop("CallControls", "Microphone is off."),
    MICROPHONE_SHORTCUT,
)
_CAMERA = _Wording(
    tr_noop("CallControls", "Camera"),
    tr_noop("CallControls", "Stop video"),
    tr_noop("CallControls", "Start video"),
    tr_noop("CallControls", "Turn your camera off"),
    tr_noop("CallControls", "Turn your camera on"),
    tr_noop("CallControls", "Camera is on."),
    tr_noop("CallControls", "Camera is off."),
    CAMERA_SHORTCUT,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallControls", text)


def shortcut_text(shortcut: str) -> str:
    """`Ctrl+D` as the system writes it (`Strg+D` in German, with Qt's own translations)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class _DeviceToggle(QWidget):
    """A round checkable button (checked = device on) with its caption underneath."""

    def __init__(self, wording: _Wording, on_path: str, off_path: str) -> None:
        super().__init__()
        self._wording = wording
        self.button = QPushButton()
        self.button.setProperty("callControl", "true")
        self.button.setCheckable(True)
        self.button.setChecked(True)
        self.button.setIcon(toggle_icon(on_path, call_theme.TEXT, off_path, "#1b1e24"))
        self.button.setIconSize(ICON_SIZE)
        self.button.setShortcut(QKeySequence(wording.shortcut))
        self.button.setAccessibleName(_tr(wording.device))
        self.button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        self.show_on(True)

    def show_on(self, on: bool) -> None:
        """Shows the device state without emitting `toggled` (the controller decides)."""
        self.button.blockSignals(True)
        self.button.setChecked(on)
        self.button.blockSignals(False)
        w = self._wording
        self.caption.setText(_tr(w.caption_on if on else w.caption_off))
        tip = _tr(w.tip_on if on else w.tip_off)
        self.button.setToolTip(f"{tip} ({shortcut_text(w.shortcut)})")
        self.button.setAccessibleDescription(f"{_tr(w.state_on if on else w.state_off)} {tip}.")


class CallControls(QWidget):
    """The three call buttons; `microphone`, `camera` and `hang_up` are the QPushButtons.

    `abuse` ("End for abuse", at the row's right end, apart from the three) ends any call at once;
    it lives here, with the call's own actions, for live and booked calls alike.
    """

    abuse_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallControls")
        self._microphone = _DeviceToggle(_MICROPHONE, MIC, MIC_OFF)
        self._camera = _DeviceToggle(_CAMERA, CAMERA, CAMERA_OFF)
        self.microphone = self._microphone.button
        self.camera = self._camera.button

        self.hang_up = QPushButton()
        self.hang_up.setProperty("callControl", "danger")
        self.hang_up.setIcon(icon(HANG_UP, "#ffffff", 28))
        self.hang_up.setIconSize(QSize(28, 28))
        self.hang_up.setShortcut(QKeySequence(HANG_UP_SHORTCUT))
        self.hang_up.setAccessibleName(self.tr("Hang up"))
        self.hang_up.setToolTip(
            self.tr("End the call (%1)").replace("%1", shortcut_text(HANG_UP_SHORTCUT))
        )
        self.hang_up.setCursor(Qt.CursorShape.PointingHandCursor)
        hang_up_caption = QLabel(self.tr("Hang up"))
        hang_up_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hang_up_box = QWidget()
        box = QVBoxLayout(hang_up_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(self.hang_up, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(hang_up_caption)

        self.abuse = QPushButton(self.tr("End for abuse"))
        self.abuse.setObjectName("AbuseButton")
        self.abuse.setToolTip(self.tr("Ends the call at once; the remaining time counts as used."))
        self.abuse.setCursor(Qt.CursorShape.PointingHandCursor)
        self.abuse.clicked.connect(self.abuse_clicked)

        buttons = QHBoxLayout()
        buttons.setSpacing(28)
        buttons.addWidget(self._microphone)
        buttons.addWidget(self._camera)
        buttons.addWidget(hang_up_box)
        # Three columns, the outer two sharing the room equally: the call buttons stay centred
        # and the abuse button sits at the right end, apart from them.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 6, 0, 4)
        layout.setHorizontalSpacing(28)
        layout.addLayout(buttons, 0, 1)
        layout.addWidget(
            self.abuse, 0, 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(2, 1)
        layout.setColumnMinimumWidth(0, 0)

    @property
    def shortcuts(self) -> tuple[QKeySequence, ...]:
        return tuple(
            QKeySequence(k) for k in (MICROPHONE_SHORTCUT, CAMERA_SHORTCUT, HANG_UP_SHORTCUT)
        )

    def show_microphone_on(self, on: bool) -> None:
        self._microphone.show_on(on)

    def show_camera_on(self, on: bool) -> None:
        self._camera.show_on(on)

    def set_call_running(self, running: bool) -> None:
        """After the call the buttons stay visible but do nothing."""
        for button in (self.microphone, self.camera, self.hang_up, self.abuse):
            button.setEnabled(running)
