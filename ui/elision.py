"""Long texts cut only where there is no room, with the whole text on hover.

`ElidedLabel` is a one-line label that may shrink below its text (a long name must not push the
presence switch off a small screen) and then ends in "…" with the full text as its tooltip.
`ElidedToolTips` gives a table's cells the same: a cell whose text is cut shows it whole on hover.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QHelpEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from ui.widgets import plain_tooltip

# A label never shrinks below this many average characters (a name stays recognisable).
_MIN_CHARS = 6


class ElidedLabel(QLabel):
    """A plain-text, one-line label that elides at its end when squeezed."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._update_tooltip()

    @property
    def elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        wanted = self.fontMetrics().averageCharWidth() * _MIN_CHARS
        return QSize(min(hint.width(), wanted), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        self.setToolTip(plain_tooltip(self.text()) if self.elided else "")

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.elided:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()


class ElidedToolTips(QStyledItemDelegate):
    """Draws cells as usual; on hover, a cell whose text does not fit shows it whole."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            shown = QStyleOptionViewItem(option)
            self.initStyleOption(shown, index)
            tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
            if shown.text and not tooltip and is_cut(shown, view):
                QToolTip.showText(event.globalPos(), plain_tooltip(shown.text), view)
                return True
        return super().helpEvent(event, view, option, index)


def is_cut(option: QStyleOptionViewItem, view: QAbstractItemView) -> bool:
    """True when a cell (its option filled by the delegate) shows its text elided."""
    style = view.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).width()
    margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    return option.fontMetrics.horizontalAdvance(option.text) > room - margin


def install_elided_tooltips(view: QAbstractItemView) -> ElidedToolTips:
    delegate = ElidedToolTips(view)
    view.setItemDelegate(delegate)
    return delegate
