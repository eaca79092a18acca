"""The booking queue: desk snapshots into the model, filter and search, the selected details."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QObject, Qt

from advisor_app.domain.models import Booking
from ui.advisor_clock import AdvisorClock
from ui.bookings.queue_model import (
    BOOKING_ROLE,
    BookingQueueFilter,
    BookingQueueModel,
    Column,
    StateFilter,
)
from ui.bookings.queue_view import BookingQueueView
from ui.desk_bridge import DeskBridge


class BookingQueueController(QObject):
    """Owns the model and the proxy; keeps the selection (by booking id) across snapshots."""

    def __init__(self, view: BookingQueueView, bridge: DeskBridge, clock: AdvisorClock) -> None:
        super().__init__(view)
        self._view = view
        self.model = BookingQueueModel(clock, self)
        self.proxy = BookingQueueFilter(self)
        self.proxy.setSourceModel(self.model)
        view.table.setModel(self.proxy)
        view.fit_columns()
        view.table.sortByColumn(Column.WHEN, Qt.SortOrder.AscendingOrder)
        self._selected_id: str | None = None
        view.table.selectionModel().selectionChanged.connect(self._selection_changed)
        view.state_filter_chosen.connect(self.set_state_filter)
        view.search_changed.connect(self.set_search)
        bridge.bookings_updated.connect(self.show_bookings)
        bridge.session_ended.connect(lambda _reason: self.show_bookings(()))

    def show_bookings(self, bookings: tuple[Booking, ...]) -> None:
        keep = self._selected_id
        self.model.set_bookings(bookings)
        self._select(keep)
        self._after_filter()

    def set_state_filter(self, state_filter: StateFilter) -> None:
        self._view.filters[state_filter].setChecked(True)
        self.proxy.set_state_filter(state_filter)
        self._after_filter()

    def set_search(self, text: str) -> None:
        if self._view.search.text() != text:
            self._view.search.setText(text)  # comes back here through search_changed
            return
        self.proxy.set_search(text)
        self._after_filter()

    def select(self, booking_id: str | None) -> None:
        self._select(booking_id)

    def tick(self) -> None:
        """Each second: the countdown of the selected confirmed booking."""
        self._view.details.refresh_times()

    def times_changed(self) -> None:
        """The server clock offset changed: every shown time is re-read."""
        self.model.times_changed()
        self._view.details.refresh_times()

    def _after_filter(self) -> None:
        self._view.show_no_match(self.model.rowCount() > 0 and self.proxy.rowCount() == 0)
        if self._selected_id is not None and self._proxy_row(self._selected_id) is None:
            self._view.table.clearSelection()
            self._show(None)

    def _select(self, booking_id: str | None) -> None:
        source_row = self.model.row_of(booking_id) if booking_id is not None else None
        row = self._proxy_row(booking_id) if booking_id is not None else None
        if source_row is None or row is None:
            self._view.table.clearSelection()
            self._show(None)
            return
        self._view.table.selectRow(row)
        self._show(self.model.booking_at(source_row))

    def _proxy_row(self, booking_id: str) -> int | None:
        source_row = self.model.row_of(booking_id)
        if source_row is None:
            return None
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        return index.row() if index.isValid() else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self._view.table.selectionModel().selectedRows()
        booking = rows[0].data(BOOKING_ROLE) if rows else None
        self._show(booking if isinstance(booking, Booking) else None)

    def _show(self, booking: Booking | None) -> None:
        self._selected_id = booking.id if booking is not None else None
        self._view.details.show_booking(booking)
