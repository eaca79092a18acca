"""Past calls and what happened in each: a view only (`HistoryController` fills it).

The table lists kind, duration, billed seconds and why each call ended; the pane below tells the
selected call's recorded events in order (identity check, video paused for a slow line, warnings
before the booked end), so a disputed bill can be explained.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.loaded_list import LoadedList
from ui.widgets import set_role


class HistoryPanel(QFrame):
    """`row_selected(row)` when the advisor picks a call; `refresh_clicked` to fetch again."""

    row_selected = Signal(int)
    refresh_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        title = QLabel(self.tr("Call history"))
        set_role(title, "sectionTitle")
        self.refresh = QPushButton(self.tr("&Refresh"))
        set_role(self.refresh, "secondary")
        self.refresh.clicked.connect(self.refresh_clicked)
        headers = [
            self.tr("When"),
            self.tr("Customer"),
            self.tr("Kind"),
            self.tr("Duration"),
            self.tr("Billed"),
            self.tr("Ended"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("historyTable")
        self.table.setAccessibleName(self.tr("Past calls"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.details.setAccessibleName(self.tr("What happened in the call"))
        self.calls = LoadedList(
            self.table,
            loading=self.tr("Loading your calls…"),
            empty=self.tr("No calls yet."),
            failed=self.tr("Could not load your calls: %1"),
        )

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.refresh)
        table_card = QFrame()
        table_card.setObjectName("tableCard")
        card_layout = QVBoxLayout(table_card)
        card_layout.setContentsMargins(1, 1, 1, 1)
        card_layout.addWidget(self.calls)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(table_card)
        splitter.addWidget(self.details)
        splitter.setSizes([360, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def show_loading(self) -> None:
        self.calls.show_loading()

    def show_failed(self, message: str) -> None:
        self.calls.show_failed(message)

    def show_rows(self, rows: list[list[str]]) -> None:
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.calls.show_loaded(len(rows))
        if rows and not self.table.selectedItems():
            self.table.selectRow(0)

    def show_details(self, html_text: str) -> None:
        self.details.setHtml(html_text)

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.row_selected.emit(rows[0].row())
