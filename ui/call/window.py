"""The call window's layout: who is on the call, the video, the chat and the call buttons.

A view only: it lays widgets out and reports what the advisor does; `CallController` decides.

    ┌──────────────────────────────────────────────────────────────────────┐
    │ Mia  34   ● 02:31        Security code 042 917 …            ▂▄▆      │
    │ [ notice banner ]                                                    │
    │ ┌────────────────────────────────────────────┐ ┌──────────────────┐  │
    │ │          customer's video (letterboxed)     │ │ Chat             │  │
    │ │                               ┌────────┐   │ │                  │  │
    │ │                               │  self  │   │ │ [message ] (>)   │  │
    │ └───────────────────────────────┴────────┴───┘ └──────────────────┘  │
    │                    (mic)   (camera)   (hang up)                      │
    └──────────────────────────────────────────────────────────────────────┘
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.call import theme as call_theme
from ui.call.chat import CallChatPanel
from ui.call.controls import CallControls
from ui.call.icons import CAMERA_OFF, icon
from ui.call.overlays import CallSummary, HangUpPrompt, NoticeBanner
from ui.call.quality_indicator import QualityIndicator
from ui.call.texts import security_code_hint
from ui.call.video_view import VideoView
from ui.widgets import plain, plain_tooltip

# The advisor's own preview: this share of the stage's width, at most this many pixels.
_PIP_SHARE = 0.22
_PIP_MAX_WIDTH = 260
_PIP_MARGIN = 16
_CHAT_WIDTH = 300
_CHAT_MIN_WIDTH = 230
PREFERRED_SIZE = QSize(1180, 720)


class CallStage(QWidget):
    """The customer's video filling the stage, the advisor's preview in a corner, cards on top."""

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CallStage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.remote_video = VideoView(alias, corner_radius=14, parent=self)
        self.remote_video.setAccessibleName(self.tr("%1's video").replace("%1", alias))
        self.local_video = VideoView(
            self.tr("You"),
            mirrored=True,
            compact=True,
            corner_radius=10,
            placeholder_icon=icon(CAMERA_OFF, call_theme.TEXT_MUTED, 32),
            parent=self,
        )
        self.local_video.setAccessibleName(self.tr("Your camera preview"))
        self.local_video.set_caption(self.tr("Your camera"))
        self.hang_up_prompt = HangUpPrompt(alias, parent=self)
        self.summary = CallSummary(parent=self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.remote_video.setGeometry(self.rect())
        width = min(_PIP_MAX_WIDTH, int(self.width() * _PIP_SHARE))
        height = width * 9 // 16
        self.local_video.setGeometry(
            QRect(
                self.width() - width - _PIP_MARGIN,
                self.height() - height - _PIP_MARGIN,
                width,
                height,
            )
        )
        for card in (self.hang_up_prompt, self.summary):
            card.place_in(self)


class CallWindow(QWidget):
    """A call with one customer; the controller fills it and listens to its widgets.

    `close_requested` is emitted (and the close refused) while `set_closable(False)`: closing a
    running call must ask first. `escape_pressed` is the keyboard's way to ask to hang up.
    `minimized_changed` says when the window is minimized or restored: a minimized window shows
    no video, so none is converted for it.
    """

    close_requested = Signal()
    escape_pressed = Signal()
    minimized_changed = Signal()

    def __init__(self, alias: str, age: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("CallWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(call_theme.STYLESHEET)
        self.setWindowTitle(
            self.tr("Call with %1 (%2)").replace("%1", alias).replace("%2", str(age))
        )
        # No fixed minimum: the layout's own fits 1920x1080 at 200 % (960x540 logical pixels);
        # `fit_to_screen` sizes the window where the screen has less room than 1180x720.
        self.resize(PREFERRED_SIZE)
        self._closable = True
        self._minimized = False

        self.alias = QLabel(alias)
        self.alias.setObjectName("CallAlias")
        self.alias.setTextFormat(Qt.TextFormat.PlainText)
        self.age = QLabel(self.tr("%1 years").replace("%1", str(age)))
        self.age.setObjectName("CallAge")
        who = self.tr("%1 is %2 years old").replace("%1", alias).replace("%2", str(age))
        self.age.setToolTip(plain_tooltip(who))
        self.age.setAccessibleName(self.tr("Age %1").replace("%1", str(age)))
        self.status = plain(QLabel())  # "Calling Mia…": names the customer
        self.status.setObjectName("CallStatus")
        self.status.setAccessibleName(self.tr("Call status"))
        self.security_code = QLabel()
        self.security_code.setObjectName("CallSecurityCode")
        self.security_code.setTextFormat(Qt.TextFormat.RichText)
        self.security_code.hide()
        self.quality = QualityIndicator()
        self.banner = NoticeBanner()
        self.stage = CallStage(alias)
        self.chat = CallChatPanel(alias)
        # The chat keeps its width where there is room and gives some up on a small screen.
        self.chat.setMinimumWidth(_CHAT_MIN_WIDTH)
        self.chat.setMaximumWidth(_CHAT_WIDTH)
        self.controls = CallControls()
        self.chat.reserve_shortcuts(self.controls.shortcuts)
        self._lay_out()
        # The window itself holds the focus at first: no focus ring on a button, no key typed by
        # chance into the chat; Tab reaches every control.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocus()

        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self._escape.activated.connect(self.escape_pressed)

    # Shortcuts into the stage for the controller and the tests.
    @property
    def remote_video(self) -> VideoView:
        return self.stage.remote_video

    @property
    def local_video(self) -> VideoView:
        return self.stage.local_video

    @property
    def hang_up_prompt(self) -> HangUpPrompt:
        return self.stage.hang_up_prompt

    @property
    def summary(self) -> CallSummary:
        return self.stage.summary

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.alias)
        top.addWidget(self.age)
        top.addSpacing(14)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.security_code)
        top.addStretch(1)
        top.addWidget(self.quality)

        middle = QHBoxLayout()
        middle.setSpacing(14)
        middle.addWidget(self.stage, 3)
        middle.addWidget(self.chat, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addLayout(middle, 1)
        layout.addWidget(self.controls)

    def show_status(self, text: str, *, timer: bool = False) -> None:
        """The phase while connecting, the running timer during the call."""
        self.status.setObjectName("CallTimer" if timer else "CallStatus")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.setText(text)

    def add_strip(self, strip: QWidget) -> None:
        """A bar under the top row: a booked call's time left and identity check (booking)."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, strip)

    def show_security_code_unverified(self) -> None:
        """No valid code: the connection's commitment was missing or broken (the call ends)."""
        self.security_code.setText(
            html.escape(
                self.tr("Security code NOT verified: someone may be listening in. Call ended.")
            )
        )
        self.security_code.setToolTip("")
        self.security_code.setAccessibleName(self.tr("Security code not verified"))
        self.security_code.show()

    def show_security_code(self, code: str, alias: str, *, renewed: bool = False) -> None:
        """The call's code; `renewed`: a fresh connection brought a new one, to compare again."""
        shown = f'<b style="color:{call_theme.TEXT}; letter-spacing:1px;">{code}</b>'
        title = self.tr("New security code %1") if renewed else self.tr("Security code %1")
        advice = (
            self.tr("new connection: read it to %1 again")
            if renewed
            else self.tr("read it to %1; if it matches, no one is listening in")
        )
        self.security_code.setText(
            title.replace("%1", shown)
            + " &nbsp;·&nbsp; "
            + html.escape(advice.replace("%1", alias))
        )
        hint = security_code_hint(code)
        self.security_code.setToolTip(hint)
        self.security_code.setAccessibleName(self.tr("Security code"))
        self.security_code.setAccessibleDescription(hint)
        self.security_code.show()

    def set_closable(self, closable: bool) -> None:
        self._closable = closable

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            minimized = self.isMinimized()
            if minimized != self._minimized:
                self._minimized = minimized
                self.minimized_changed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closable:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()

    def show_ended(self) -> None:
        """After the call only the summary, the chat's history and the names remain."""
        self.controls.hide()
        self.quality.hide()
        self.security_code.hide()
        self.local_video.hide()
        self.remote_video.hide()
