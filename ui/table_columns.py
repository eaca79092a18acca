"""A table's columns as wide as their contents, cut only when the table has no room left.

`share_widths` is the rule: every column gets what its header and cells need; room left over goes
to the first column that may grow; when the table is too narrow, the columns that may be cut
(names, dates) give up width first, the longest first, down to a floor, and the others keep
theirs. `FittedColumns` applies it to a `QTableView` whenever its rows or its width change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

# A column that may be cut keeps at least this many pixels (a few characters and the "…").
CUT_FLOOR = 56
# Room for the header's sort arrow beside its title (what Qt's header adds for it).
_SORT_ARROW = 22


def share_widths(
    wanted: Mapping[int, int], room: int, cuttable: Sequence[int], grows: int
) -> dict[int, int]:
    """Widths for `wanted` columns in `room` pixels (see the module's rule)."""
    widths = dict(wanted)
    total = sum(widths.values())
    if total <= room:
        widths[grows] += room - total
        return widths
    excess = total - room
    while excess > 0:
        # Take from the widest cuttable column until it meets the next widest (or the floor).
        candidates = sorted(
            (c for c in cuttable if widths[c] > CUT_FLOOR), key=lambda c: -widths[c]
        )
        if not candidates:
            break
        widest = candidates[0]
        next_width = widths[candidates[1]] if len(candidates) > 1 else CUT_FLOOR
        step = max(1, min(excess, widths[widest] - max(next_width, CUT_FLOOR)))
        widths[widest] -= step
        excess -= step
    return widths


class FittedColumns(QObject):
    """Keeps `table`'s columns fitted; `cuttable` columns elide first, `grows` takes the rest."""

    def __init__(self, table: QTableView, cuttable: Sequence[int], grows: int) -> None:
        super().__init__(table)
        self._table = table
        self._cuttable = tuple(cuttable)
        self._grows = grows
        self._pending = False
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(CUT_FLOOR // 2)
        header.sortIndicatorChanged.connect(self.schedule)
        table.viewport().installEventFilter(self)

    def watch_model(self) -> None:
        """Refits when the model's rows change (call after `setModel`)."""
        model = self._table.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
            model.dataChanged,
        ):
            signal.connect(self.schedule)
        self.schedule()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and shiboken6.isValid(self._table):
            self.schedule()
        return False

    def schedule(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)

    def wanted(self) -> dict[int, int]:
        """What each column's header and cells need, in pixels: Qt's header reserves room for
        the sort arrow in every column; only the sorted column shows it."""
        table, header = self._table, self._table.horizontalHeader()
        model = table.model()
        count = model.columnCount() if model is not None else 0
        arrow = header.isSortIndicatorShown()
        header.setSortIndicatorShown(False)
        titles = [header.sectionSizeHint(column) for column in range(count)]
        header.setSortIndicatorShown(arrow)
        if arrow and 0 <= header.sortIndicatorSection() < count:
            titles[header.sortIndicatorSection()] += _SORT_ARROW
        return {
            column: max(table.sizeHintForColumn(column), titles[column]) for column in range(count)
        }

    def fit(self) -> None:
        self._pending = False
        if not shiboken6.isValid(self._table):
            return
        wanted = self.wanted()
        if not wanted:
            return
        room = self._table.viewport().width()
        header = self._table.horizontalHeader()
        for column, width in share_widths(wanted, room, self._cuttable, self._grows).items():
            header.resizeSection(column, width)
