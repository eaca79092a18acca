"""The two questions behind a booking's answers: another time to propose, a reason to decline."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QCoreApplication, QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from advisor_app.domain.server_clock import zone_name
from ui.widgets import plain, set_role

REASON_MAX_CHARS = 200  # the platform's limit for a booking's decline reason


class _Question(QDialog):
    """A small modal dialog: a title, a hint, one field, two buttons."""

    def __init__(self, title: str, question: str, hint: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(400)
        heading = plain(QLabel(question))  # questions and hints name the customer's alias
        set_role(heading, "dialogTitle")
        heading.setWordWrap(True)
        explanation = plain(QLabel(hint))
        explanation.setWordWrap(True)
        set_role(explanation, "muted")
        self.buttons = QDialogButtonBox()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(22, 20, 22, 18)
        self._layout.setSpacing(10)
        self._layout.addWidget(heading)
        self._layout.addWidget(explanation)

    def finish(self, field: QWidget, confirm: QPushButton, role: str) -> None:
        cancel = QPushButton(self.tr("Cancel"))
        set_role(cancel, "secondary")
        set_role(confirm, role)
        confirm.setDefault(True)
        self.buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout.addWidget(field)
        self._layout.addSpacing(6)
        self._layout.addWidget(self.buttons)


class ProposeTimeDialog(_Question):
    """Emits `time_chosen(datetime)` (aware UTC) for a time the advisor proposes instead."""

    time_chosen = Signal(object)

    def __init__(
        self, alias: str, suggestion: datetime, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        local = suggestion.astimezone(zone)
        super().__init__(
            QCoreApplication.translate("ProposeTimeDialog", "Propose another time"),
            QCoreApplication.translate("ProposeTimeDialog", "Which time suits you for %1?").replace(
                "%1", alias
            ),
            QCoreApplication.translate(
                "ProposeTimeDialog",
                "The appointment is confirmed for this time and %1 is told in the chat; "
                "if it does not suit them, they can cancel. Times are in your zone (%2).",
            )
            .replace("%1", alias)
            .replace("%2", zone_name(local)),
            parent,
        )
        self._zone = zone
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd dd.MM.yyyy  HH:mm")
        self.when.setAccessibleName(self.tr("Proposed time"))
        self.when.setTimeZone(_qt_zone(local))
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(suggestion.timestamp())))
        self.finish(self.when, QPushButton(self.tr("&Confirm this time")), "primary")
        self.accepted.connect(lambda: self.time_chosen.emit(self.chosen()))

    def chosen(self) -> datetime:
        seconds = self.when.dateTime().toSecsSinceEpoch()
        return datetime.fromtimestamp(seconds, UTC)


class DeclineBookingDialog(_Question):
    """Emits `reason_given(reason)` (possibly empty); the customer page shows the reason."""

    reason_given = Signal(str)

    def __init__(self, alias: str, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("DeclineBookingDialog", "Decline request"),
            QCoreApplication.translate(
                "DeclineBookingDialog", "Decline the appointment request from %1?"
            ).replace("%1", alias),
            QCoreApplication.translate(
                "DeclineBookingDialog",
                "They see your reason on their page and can book another time.",
            ),
            parent,
        )
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_MAX_CHARS)
        self.reason.setPlaceholderText(self.tr("e.g. I am away that week"))
        self.reason.setAccessibleName(self.tr("Reason for declining (optional)"))
        self.finish(self.reason, QPushButton(self.tr("&Decline request")), "danger")
        self.accepted.connect(lambda: self.reason_given.emit(self.reason.text().strip()))


def _qt_zone(local: datetime) -> QTimeZone:
    """The advisor's zone for Qt: by IANA name where known, else the current fixed offset."""
    key = getattr(local.tzinfo, "key", None)
    if isinstance(key, str):
        zone = QTimeZone(key.encode())
        if zone.isValid():
            return zone
    offset = local.utcoffset()
    return QTimeZone(int(offset.total_seconds()) if offset is not None else 0)
