"""Messages: one conversation per customer, with unread counts. A view only.

┌──────────────┬──────────────────────────────────────┐
│ Mia       2  │  Mia                                  │
│ Jonas        │   ┌───────────────┐                   │
│              │   │ customer text │       ┌─────────┐ │
│              │   └───────────────┘       │  yours  │ │
│              │ [ message …                 ] (Send)  │
└──────────────┴──────────────────────────────────────┘
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from advisor_app.chat import MAX_MESSAGE_LENGTH
from advisor_app.domain.models import ChatMessage, ChatThread, Role
from ui.loaded_list import LoadedList
from ui.widgets import plain, set_role

THREAD_ROLE = Qt.ItemDataRole.UserRole + 1


class ChatPanel(QFrame):
    """Threads on the left, the open conversation on the right."""

    thread_selected = Signal(str)  # thread id
    message_submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPanel")
        self.threads = QListWidget()
        self.threads.setObjectName("chatThreads")
        self.threads.setAccessibleName(self.tr("Conversations"))
        self.threads.setMinimumWidth(180)
        self.threads.currentItemChanged.connect(self._current_changed)
        self.conversations = LoadedList(
            self.threads,
            loading=self.tr("Loading conversations…"),
            empty=self.tr("No conversations yet. When a customer writes to you, it shows here."),
            failed=self.tr("Could not load the conversations: %1"),
        )
        self.title = plain(QLabel(self.tr("Pick a conversation")))  # then the customer's alias
        set_role(self.title, "sectionTitle")
        self.history = QTextBrowser()
        self.history.setObjectName("chatHistory")
        self.history.setAccessibleName(self.tr("Messages"))
        self.history.setOpenLinks(False)
        self.input = QLineEdit()
        self.input.setMaxLength(MAX_MESSAGE_LENGTH)
        self.input.setPlaceholderText(self.tr("Write a message…"))
        self.input.setAccessibleName(self.tr("Message to the customer"))
        self.send = QPushButton(self.tr("&Send"))
        set_role(self.send, "primary")
        self.send.clicked.connect(self._submit)
        self.input.returnPressed.connect(self._submit)
        self.hint = QLabel(
            self.tr("Messages go through the platform; nothing is kept on this computer.")
        )
        set_role(self.hint, "fine")
        self.hint.setWordWrap(True)

        conversation = QWidget()
        column = QVBoxLayout(conversation)
        column.setContentsMargins(14, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.title)
        column.addWidget(self.history, 1)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send)
        column.addLayout(row)
        column.addWidget(self.hint)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.conversations)
        splitter.addWidget(conversation)
        splitter.setSizes([220, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.addWidget(splitter)
        self.set_can_send(False)

    @property
    def current_thread(self) -> str | None:
        item = self.threads.currentItem()
        value = item.data(THREAD_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def show_threads(self, threads: tuple[ChatThread, ...]) -> None:
        """Every thread with its unread count; the selection stays on the same thread."""
        keep = self.current_thread
        self.threads.blockSignals(True)
        self.threads.clear()
        for thread in threads:
            label = f"{thread.alias}   ({thread.unread})" if thread.unread else thread.alias
            item = QListWidgetItem(label)
            item.setData(THREAD_ROLE, thread.id)
            if thread.unread:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(self.tr("%n unread message(s)", "", thread.unread))
            self.threads.addItem(item)
            if thread.id == keep:
                self.threads.setCurrentItem(item)
        self.threads.blockSignals(False)
        self.conversations.show_loaded(len(threads))

    def show_threads_loading(self) -> None:
        self.conversations.show_loading()

    def show_threads_failed(self, message: str) -> None:
        self.conversations.show_failed(message)

    def show_messages(
        self, alias: str, messages: tuple[ChatMessage, ...], stamp: dict[str, str]
    ) -> None:
        """The conversation; `stamp` maps message ids to the time shown under each."""
        self.title.setText(alias)
        rows = []
        for message in messages:
            mine = message.sender is Role.ADVISOR
            colour, align = ("#EEEAFE", "right") if mine else ("#F3F3F6", "left")
            text = html.escape(message.text).replace("\n", "<br>")
            when = html.escape(stamp.get(message.id, ""))
            rows.append(
                f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td align="{align}">'
                f'<table cellpadding="9" style="background:{colour}; margin:4px 0;"><tr><td>'
                f'{text}<br><span style="color:#8D90A5; font-size:8pt;">{when}</span>'
                "</td></tr></table></td></tr></table>"
            )
        self.history.setHtml(
            "".join(rows) or f'<p style="color:#8D90A5;">{self.tr("No messages yet.")}</p>'
        )
        bar = self.history.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.set_can_send(True)

    def set_can_send(self, can: bool) -> None:
        self.input.setEnabled(can)
        self.send.setEnabled(can)

    def _current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        value = current.data(THREAD_ROLE) if current is not None else None
        if isinstance(value, str):
            self.thread_selected.emit(value)

    def _submit(self) -> None:
        text = self.input.text().strip()
        if text and self.send.isEnabled():
            self.message_submitted.emit(text)
