"""The appointments section: state filter, search, the sortable table and the details pane."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.advisor_clock import AdvisorClock
from ui.bookings.details import BookingDetails
from ui.bookings.queue_model import Column, StateFilter
from ui.elision import install_elided_tooltips
from ui.icons import MUTED, icon
from ui.table_columns import FittedColumns
from ui.translations import tr_noop
from ui.widgets import set_role

# (button, accessible name), marked for `pyside6-lupdate` and translated when the view is built.
_FILTER_LABELS = {
    StateFilter.ALL: (
        tr_noop("BookingQueueView", "&All"),
        tr_noop("BookingQueueView", "Show all appointments"),
    ),
    StateFilter.REQUESTS: (
        tr_noop("BookingQueueView", "&Requests"),
        tr_noop("BookingQueueView", "Show requests"),
    ),
    StateFilter.CONFIRMED: (
        tr_noop("BookingQueueView", "&Confirmed"),
        tr_noop("BookingQueueView", "Show confirmed appointments"),
    ),
    StateFilter.PAST: (
        tr_noop("BookingQueueView", "&Past"),
        tr_noop("BookingQueueView", "Show past appointments"),
    ),
}


class BookingQueueView(QFrame):
    """Lays out the queue; the controller sets the model and reacts to the signals."""

    state_filter_chosen = Signal(object)  # StateFilter
    search_changed = Signal(str)

    def __init__(self, clock: AdvisorClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingQueue")
        toolbar = self._build_toolbar()
        table_box = self._build_table()
        self.details = BookingDetails(clock)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(self.details)
        self.splitter.setObjectName("queueSplitter")
        self.splitter.setHandleWidth(14)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([700, 280])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)
        layout.addLayout(toolbar)
        layout.addWidget(self.splitter, 1)

    def _build_toolbar(self) -> QHBoxLayout:
        self.filters: dict[StateFilter, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        segment = QFrame()
        segment.setObjectName("segmented")
        segment_row = QHBoxLayout(segment)
        segment_row.setContentsMargins(3, 3, 3, 3)
        segment_row.setSpacing(2)
        for state_filter, (label, accessible) in _FILTER_LABELS.items():
            button = QPushButton(self.tr(label))
            button.setCheckable(True)
            button.setAccessibleName(self.tr(accessible))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, f=state_filter: self.state_filter_chosen.emit(f))
            group.addButton(button)
            segment_row.addWidget(button)
            self.filters[state_filter] = button
        self.filters[StateFilter.ALL].setChecked(True)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name or request"))
        self.search.setAccessibleName(self.tr("Search appointments by name or request text"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", MUTED), QLineEdit.ActionPosition.LeadingPosition)
        # Wide enough for its placeholder ("Search name or request"; German is longer).
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(max(200, hint + 64))
        self.search.textChanged.connect(self.search_changed)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(12)
        # No title: the tab above already says "Appointments", and the room is needed on
        # small screens.
        toolbar.addWidget(segment)
        toolbar.addStretch(1)
        toolbar.addWidget(self.search)
        return toolbar

    def _build_table(self) -> QFrame:
        self.table = QTableView()
        self.table.setObjectName("bookingTable")
        self.table.setAccessibleName(self.tr("Appointments"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        # Where even cut names and times leave no room (960 logical pixels wide at 200 %), the
        # table scrolls rather than hiding the state and payment columns.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.empty_hint = QLabel(self.tr("No appointments match."))
        set_role(self.empty_hint, "emptyText")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.hide()

        table_box = QFrame()
        table_box.setObjectName("tableCard")
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(1, 1, 1, 1)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.empty_hint)
        return table_box

    def fit_columns(self) -> None:
        """Columns as wide as their texts; when the table is narrow the name and the time are
        cut first (their whole text on hover), never the state or the payment."""
        install_elided_tooltips(self.table)
        self.columns = FittedColumns(self.table, (Column.WHEN, Column.ALIAS), grows=Column.ALIAS)
        self.columns.watch_model()

    def show_no_match(self, visible: bool) -> None:
        self.empty_hint.setVisible(visible)
