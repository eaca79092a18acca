"""Online / Busy / Offline as a segmented switch that shows what the platform confirmed.

Clicking asks (`presence_requested`); the checked segment moves only when the platform confirms
(`show_confirmed`), so the switch never claims a state the customers do not see.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

from advisor_app.domain.models import Presence
from ui.translations import tr_noop
from ui.widgets import repolish

# English source texts, marked for `pyside6-lupdate` and translated when the switch is built.
LABELS = {
    Presence.ONLINE: tr_noop("PresenceSwitch", "O&nline"),
    Presence.BUSY: tr_noop("PresenceSwitch", "B&usy"),
    Presence.OFFLINE: tr_noop("PresenceSwitch", "O&ffline"),
}
ACCESSIBLE = {
    Presence.ONLINE: tr_noop("PresenceSwitch", "Presence: online"),
    Presence.BUSY: tr_noop("PresenceSwitch", "Presence: busy"),
    Presence.OFFLINE: tr_noop("PresenceSwitch", "Presence: offline"),
}
HELP = {
    Presence.ONLINE: tr_noop("PresenceSwitch", "Customers can start live calls with you"),
    Presence.BUSY: tr_noop(
        "PresenceSwitch", "Customers see you as busy; they can still book appointments"
    ),
    Presence.OFFLINE: tr_noop("PresenceSwitch", "You are away; customers can book appointments"),
}


class PresenceSwitch(QFrame):
    """Three segments; keyboard: Tab to reach, Alt+N / Alt+U / Alt+F to pick."""

    presence_requested = Signal(object)  # Presence

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceSwitch")
        self.setAccessibleName(self.tr("Presence"))
        self._confirmed: Presence | None = None
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # checks follow the platform, not the click
        self.buttons: dict[Presence, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 3, 3, 3)
        layout.setSpacing(2)
        for presence, label in LABELS.items():
            button = QPushButton(self.tr(label))
            button.setCheckable(True)
            button.setProperty("presence", presence.value)
            button.setAccessibleName(self.tr(ACCESSIBLE[presence]))
            button.setToolTip(self.tr(HELP[presence]))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, p=presence: self._clicked(p))
            self._group.addButton(button)
            layout.addWidget(button)
            self.buttons[presence] = button
        self.show_confirmed(None)

    @property
    def confirmed(self) -> Presence | None:
        return self._confirmed

    def show_confirmed(self, presence: Presence | None) -> None:
        """Checks the platform's state (None: not known yet) and clears any pending mark."""
        self._confirmed = presence
        for value, button in self.buttons.items():
            button.setChecked(value == presence)
            button.setProperty("pending", False)
            repolish(button)

    def show_pending(self, presence: Presence) -> None:
        button = self.buttons[presence]
        button.setProperty("pending", True)
        repolish(button)

    def _clicked(self, presence: Presence) -> None:
        # Undo Qt's own toggle: the check mark moves on confirmation only.
        self.show_confirmed(self._confirmed)
        if presence != self._confirmed:
            self.show_pending(presence)
            self.presence_requested.emit(presence)
