"""The booking queue as a Qt table: one row per booking of the desk's latest snapshot.

`BookingQueueModel` shows the snapshot; `BookingQueueFilter` narrows it by state group and by a
search over alias and request text. Sorting uses raw values (times, numbers), not the display text.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from advisor_app.domain.models import Booking, BookingState
from ui.advisor_clock import AdvisorClock, minutes_text
from ui.translations import tr_noop

AnyIndex = QModelIndex | QPersistentModelIndex

# Sort by this role: raw, comparable values rather than the formatted text.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The row's Booking, for the details pane and for tests.
BOOKING_ROLE = Qt.ItemDataRole.UserRole + 2


class Column(enum.IntEnum):
    ALIAS = 0
    AGE = 1
    WHEN = 2
    DURATION = 3
    STATE = 4
    PAID = 5


# English source texts, marked for `pyside6-lupdate`; `translated` looks them up when shown.
HEADERS = {
    Column.ALIAS: tr_noop("BookingQueue", "Customer"),
    Column.AGE: tr_noop("BookingQueue", "Age"),
    Column.WHEN: tr_noop("BookingQueue", "When"),
    Column.DURATION: tr_noop("BookingQueue", "Duration"),
    Column.STATE: tr_noop("BookingQueue", "State"),
    Column.PAID: tr_noop("BookingQueue", "Paid"),
}

STATE_TEXT = {
    BookingState.REQUESTED: tr_noop("BookingQueue", "Request"),
    BookingState.CONFIRMED: tr_noop("BookingQueue", "Confirmed"),
    BookingState.DECLINED: tr_noop("BookingQueue", "Declined"),
    BookingState.CANCELLED: tr_noop("BookingQueue", "Cancelled"),
    BookingState.IN_CALL: tr_noop("BookingQueue", "In call"),
    BookingState.COMPLETED: tr_noop("BookingQueue", "Completed"),
    BookingState.NO_SHOW: tr_noop("BookingQueue", "No answer"),
}


def translated(text: str) -> str:
    """One of this module's marked texts in the advisor's language."""
    return QCoreApplication.translate("BookingQueue", text)


def state_text(state: BookingState) -> str:
    """A booking's state as the advisor reads it (`Request`, `Confirmed`, ...)."""
    return translated(STATE_TEXT[state]) if state in STATE_TEXT else state.value


class StateFilter(enum.Enum):
    """The advisor's groups of bookings."""

    ALL = "All"
    REQUESTS = "Requests"
    CONFIRMED = "Confirmed"
    PAST = "Past"

    def admits(self, state: BookingState) -> bool:
        if self is StateFilter.ALL:
            return True
        return state in _GROUPS[self]


_GROUPS = {
    StateFilter.REQUESTS: frozenset({BookingState.REQUESTED}),
    StateFilter.CONFIRMED: frozenset({BookingState.CONFIRMED, BookingState.IN_CALL}),
    StateFilter.PAST: frozenset(
        {
            BookingState.DECLINED,
            BookingState.CANCELLED,
            BookingState.COMPLETED,
            BookingState.NO_SHOW,
        }
    ),
}


def booking_when(booking: Booking) -> datetime | None:
    """The confirmed slot, or else the first wished slot (what the advisor plans around)."""
    if booking.confirmed_slot is not None:
        return booking.confirmed_slot
    return min(booking.wished_slots) if booking.wished_slots else None


class BookingQueueModel(QAbstractTableModel):
    """A read-only table over the latest booking snapshot."""

    def __init__(self, clock: AdvisorClock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._bookings: tuple[Booking, ...] = ()

    def set_bookings(self, bookings: tuple[Booking, ...]) -> None:
        """Replaces the snapshot (the desk always sends the whole queue)."""
        self.beginResetModel()
        self._bookings = tuple(bookings)
        self.endResetModel()

    def times_changed(self) -> None:
        """The zone or the clock offset changed: the 'When' column reads differently."""
        if self._bookings:
            top = self.index(0, Column.WHEN)
            bottom = self.index(len(self._bookings) - 1, Column.WHEN)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole])

    def booking_at(self, row: int) -> Booking:
        return self._bookings[row]

    def row_of(self, booking_id: str) -> int | None:
        for row, booking in enumerate(self._bookings):
            if booking.id == booking_id:
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._bookings)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translated(HEADERS[Column(section)])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._bookings):
            return None
        booking = self._bookings[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(booking, column)
        if role == SORT_ROLE:
            return _sort_key(booking, column)
        if role == BOOKING_ROLE:
            return booking
        return _decoration(booking, column, role)

    def _display(self, booking: Booking, column: Column) -> str:
        if column == Column.ALIAS:
            return booking.alias
        if column == Column.AGE:
            return str(booking.age)
        if column == Column.WHEN:
            when = booking_when(booking)
            return self._clock.moment(when) if when is not None else "—"
        if column == Column.DURATION:
            return minutes_text(booking.duration_minutes)
        if column == Column.STATE:
            return state_text(booking.state)
        return (
            QCoreApplication.translate("BookingQueue", "Paid")
            if booking.paid
            else QCoreApplication.translate("BookingQueue", "Not paid")
        )


def _decoration(booking: Booking, column: Column, role: int) -> Any:
    """Tooltips and alignment: how a cell reads, beyond its text."""
    if role == Qt.ItemDataRole.ToolTipRole and column == Column.WHEN:
        if booking.confirmed_slot:
            return QCoreApplication.translate("BookingQueue", "Confirmed slot")
        return QCoreApplication.translate("BookingQueue", "First wished slot")
    if role == Qt.ItemDataRole.ForegroundRole:
        if StateFilter.PAST.admits(booking.state):
            return QColor("#8D90A5")  # done with: readable, but out of the way
        if column == Column.PAID and not booking.paid:
            return QColor("#8A6510")
    if role == Qt.ItemDataRole.FontRole and column == Column.ALIAS:
        font = QFont()
        font.setWeight(QFont.Weight.DemiBold)
        return font
    return None


def _sort_key(booking: Booking, column: Column) -> Any:
    if column == Column.ALIAS:
        return booking.alias.casefold()
    if column == Column.AGE:
        return booking.age
    if column == Column.WHEN:
        when = booking_when(booking)
        return when.timestamp() if when is not None else float("inf")
    if column == Column.DURATION:
        return booking.duration_minutes
    if column == Column.STATE:
        return list(BookingState).index(booking.state)
    return int(booking.paid)


class BookingQueueFilter(QSortFilterProxyModel):
    """Narrows the queue to a state group and to rows whose alias or request text match."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state_filter = StateFilter.ALL
        self._search = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    @property
    def state_filter(self) -> StateFilter:
        return self._state_filter

    def set_state_filter(self, state_filter: StateFilter) -> None:
        if state_filter is not self._state_filter:
            self.beginFilterChange()
            self._state_filter = state_filter
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._search:
            self.beginFilterChange()
            self._search = needle
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, BookingQueueModel) or source_row >= model.rowCount():
            return False
        booking = model.booking_at(source_row)
        if not self._state_filter.admits(booking.state):
            return False
        if not self._search:
            return True
        return (
            self._search in booking.alias.casefold()
            or self._search in booking.request_text.casefold()
        )
