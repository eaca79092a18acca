"""The panel of live call requests: a card per ringing request, or a calm empty state.

A view: `show_requests` adds and removes cards by request id, so a card that stays keeps its focus
and its busy state while the list around it changes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.models import CallRequest, CallRequestState
from ui.request_card import RequestCard
from ui.translations import tr_noop
from ui.widgets import EmptyState, PageScroll, set_role

# English source texts, marked for `pyside6-lupdate`; the panel translates them when shown.
EMPTY_TITLE = tr_noop(
    "LiveRequestsPanel", "No one is waiting"
)  # with OFFLINE_HINT: "No one is waiting. Go online …"
OFFLINE_HINT = tr_noop("LiveRequestsPanel", "Go online to receive live calls.")
ONLINE_HINT = tr_noop("LiveRequestsPanel", "You are online. New requests will ring here.")


class LiveRequestsPanel(QFrame):
    """Cards for ringing requests, longest waiting first. Re-emits the cards' button clicks."""

    accept_clicked = Signal(str)
    decline_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callRequestsPanel")
        self.setAccessibleName(self.tr("Live call requests"))
        self._cards: dict[str, RequestCard] = {}

        self.heading = QLabel(self.tr("Live calls"))
        set_role(self.heading, "sectionTitle")
        self.count = QLabel()
        set_role(self.count, "badge")
        self.count.hide()
        header = QHBoxLayout()
        header.setContentsMargins(20, 18, 20, 8)
        header.setSpacing(10)
        header.addWidget(self.heading)
        header.addWidget(self.count)
        header.addStretch(1)

        self.empty = EmptyState("headset", self.tr(EMPTY_TITLE), self.tr(OFFLINE_HINT))
        self._list = QWidget()
        self._list.setObjectName("cardList")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(16, 8, 16, 16)
        self._list_layout.setSpacing(12)
        self._list_layout.addStretch(1)
        scroll = PageScroll()  # never narrower than a card (German buttons are wider)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self._stack = QStackedWidget()
        self._stack.addWidget(self.empty)
        self._stack.addWidget(scroll)
        self._scroll = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)

    def set_empty_hint(self, text: str) -> None:
        """`text` is `OFFLINE_HINT` or `ONLINE_HINT` (translated here) or any shown text."""
        text = self.tr(text)
        self.empty.text.setText(text)
        self.empty.setAccessibleDescription(f"{self.tr(EMPTY_TITLE)}. {text}")

    @property
    def showing_empty_state(self) -> bool:
        return self._stack.currentWidget() is self.empty

    def cards(self) -> list[RequestCard]:
        return list(self._cards.values())

    def card(self, request_id: str) -> RequestCard | None:
        return self._cards.get(request_id)

    def show_requests(self, requests: tuple[CallRequest, ...]) -> None:
        """Shows one card per ringing request, oldest first; removes cards that stopped ringing."""
        ringing = sorted(
            (r for r in requests if r.state == CallRequestState.RINGING),
            key=lambda r: r.created_at,
        )
        wanted = {r.id for r in ringing}
        for request_id in [i for i in self._cards if i not in wanted]:
            card = self._cards.pop(request_id)
            self._list_layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        for position, request in enumerate(ringing):
            card = self._cards.get(request.id) or self._new_card(request)
            card.request = request
            self._list_layout.insertWidget(position, card)
            card.set_shortcuts(position == 0)
        self._cards = {r.id: self._cards[r.id] for r in ringing}
        self._stack.setCurrentWidget(self._scroll if ringing else self.empty)
        self.count.setText(str(len(ringing)))
        self.count.setVisible(bool(ringing))
        self._chain_focus()

    def _new_card(self, request: CallRequest) -> RequestCard:
        card = RequestCard(request)
        card.accept_clicked.connect(self.accept_clicked)
        card.decline_clicked.connect(self.decline_clicked)
        self._cards[request.id] = card
        return card

    def refresh_waited(self, waited: Callable[[CallRequest], str]) -> None:
        """Updates every card's 'waiting 0:12' (called each second)."""
        for card in self._cards.values():
            card.show_waited(waited(card.request))

    def _chain_focus(self) -> None:
        """Tab goes Accept → Decline → next card's Accept, top to bottom."""
        buttons = [b for card in self._cards.values() for b in (card.accept, card.decline)]
        for first, second in itertools.pairwise(buttons):
            QWidget.setTabOrder(first, second)
