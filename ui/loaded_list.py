"""A list or table that says in its own place whether it is loading, empty or could not load.

Before the platform's first answer an empty table means nothing yet: "No calls yet." under an
empty header told the advisor something the app did not know. `LoadedList` shows the loading
text until the answer, the empty text only when the answer was empty, the error text when the
loading failed, and the list itself once there is something in it.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from ui.widgets import plain, repolish, set_role


class ListState(Enum):
    LOADING = "loading"
    EMPTY = "empty"
    FAILED = "failed"
    SHOWN = "shown"


class LoadedList(QStackedWidget):
    """`content` (the list or table) or, in its place, one centred line about its state.

    The texts come translated from the view that owns the list; `failed` is a template whose
    `%1` is the error's user-readable message.
    """

    def __init__(
        self,
        content: QWidget,
        *,
        loading: str,
        empty: str,
        failed: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._texts = {ListState.LOADING: loading, ListState.EMPTY: empty}
        self._failed = failed
        self.content = content
        self.note = plain(QLabel())  # an error may quote the platform
        self.note.setObjectName("listStateNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setMargin(16)
        self.addWidget(content)
        self.addWidget(self.note)
        self.state = ListState.SHOWN
        self.show_loading()

    def show_loading(self) -> None:
        self._say(ListState.LOADING, self._texts[ListState.LOADING])

    def show_loaded(self, count: int) -> None:
        """The answer came: the list when it holds something, else the empty text."""
        if count:
            self.state = ListState.SHOWN
            self.setCurrentWidget(self.content)
        else:
            self._say(ListState.EMPTY, self._texts[ListState.EMPTY])

    def show_failed(self, message: str) -> None:
        self._say(ListState.FAILED, self._failed.replace("%1", message))

    def _say(self, state: ListState, text: str) -> None:
        self.state = state
        self.note.setText(text)
        set_role(self.note, "cardError" if state is ListState.FAILED else "emptyText")
        repolish(self.note)
        self.setAccessibleDescription(text)
        self.setCurrentWidget(self.note)
