"""The call's compact chat: what the customer wrote, what the advisor wrote, a line to send.

Messages are shown as plain text (escaped), never as markup: a customer's text cannot style or
link anything on the advisor's screen.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.call import theme as call_theme
from ui.call.icons import SEND, icon
from ui.call.texts import CHAT_MAX_CHARS


class _MessageLine(QLineEdit):
    """A line edit that lets the window's call shortcuts win over its own key bindings.

    On Linux, QLineEdit claims Ctrl+D, Ctrl+E and Ctrl+H (Emacs-style delete, end of line,
    backspace); while the advisor types, those keys must still mute, stop video and hang up.
    """

    def __init__(self) -> None:
        super().__init__()
        self._reserved: tuple[QKeySequence, ...] = ()

    def reserve(self, sequences: tuple[QKeySequence, ...]) -> None:
        self._reserved = sequences

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(
                pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in self._reserved
            ):
                event.ignore()  # not overridden: the shortcut fires
                return True
        return super().event(event)


class CallChatPanel(QWidget):
    """Shows the conversation; `message_submitted(text)` when the advisor sends a line."""

    message_submitted = Signal(str)

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._alias = alias
        self.setObjectName("CallChat")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        title = QLabel(self.tr("Chat"))
        title.setObjectName("CallChatTitle")
        self.messages = QTextBrowser()
        self.messages.setOpenLinks(False)
        self.messages.setAccessibleName(self.tr("Chat messages"))
        self.messages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.input = _MessageLine()
        self.input.setPlaceholderText(self.tr("Message %1").replace("%1", alias))
        self.input.setMaxLength(CHAT_MAX_CHARS)
        self.input.setAccessibleName(self.tr("Chat message"))
        self.send = QToolButton()
        self.send.setIcon(icon(SEND, "#ffffff", 18))
        self.send.setToolTip(self.tr("Send (Enter)"))
        self.send.setAccessibleName(self.tr("Send message"))
        self.send.setEnabled(False)

        entry = QHBoxLayout()
        entry.setSpacing(8)
        entry.addWidget(self.input, 1)
        entry.addWidget(self.send)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(self.messages, 1)
        layout.addLayout(entry)

        self.input.textChanged.connect(self._update_send)
        self.input.returnPressed.connect(self._submit)
        self.send.clicked.connect(self._submit)

    def reserve_shortcuts(self, sequences: tuple[QKeySequence, ...]) -> None:
        """Keys that keep their window-wide meaning while the message line has the focus."""
        self.input.reserve(sequences)

    def add_received(self, text: str) -> None:
        self._append(self._alias, text, call_theme.TEXT)

    def add_sent(self, text: str) -> None:
        self._append(self.tr("You"), text, call_theme.TEXT)

    def add_note(self, text: str) -> None:
        """A line from the app itself (a message that could not be sent)."""
        self.messages.append(
            f'<p style="color:{call_theme.FAIR}; margin:2px 0 8px 0;">{html.escape(text)}</p>'
        )

    def set_open(self, can_send: bool) -> None:
        """After the call the conversation stays readable but nothing can be sent."""
        self.input.setEnabled(can_send)
        self._update_send()
        if not can_send:
            self.input.setPlaceholderText(self.tr("The call has ended"))

    def _append(self, who: str, text: str, colour: str) -> None:
        body = html.escape(text[:CHAT_MAX_CHARS]).replace("\n", "<br>")
        self.messages.append(
            f'<p style="margin:2px 0 8px 0;">'
            f'<span style="color:{call_theme.TEXT_MUTED}; font-size:12px;">'
            f"{html.escape(who)}</span>"
            f'<br><span style="color:{colour};">{body}</span></p>'
        )
        bar = self.messages.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _update_send(self) -> None:
        self.send.setEnabled(self.input.isEnabled() and bool(self.input.text().strip()))

    def _submit(self) -> None:
        text = self.input.text().strip()
        if not text or not self.input.isEnabled():
            return
        self.input.clear()
        self.message_submitted.emit(text)
