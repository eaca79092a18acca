"""Small building blocks the views share: a role for the stylesheet, an empty state, a dot."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ui.icons import MUTED, render


def plain(label: QLabel) -> QLabel:
    """Shows the label's text as typed. Every label that shows what a customer wrote (an alias, a
    request, a chat line) is plain: Qt takes text that looks like HTML for HTML otherwise."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` as typed: Qt renders a tooltip that looks like HTML as HTML, so
    such a text is escaped; any other stays as it is."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def set_role(widget: QWidget, role: str) -> None:
    """Tags a widget for `style.qss` (`*[role="chip"]`) without a subclass per look."""
    widget.setProperty("role", role)


def repolish(widget: QWidget) -> None:
    """Re-applies the stylesheet after a property the stylesheet reads has changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class PageScroll(QScrollArea):
    """Scrolls up and down only, so it is never narrower than its page needs."""

    def minimumSizeHint(self) -> QSize:
        page = self.widget()
        if page is None:
            return super().minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(page.minimumSizeHint().width() + bar, super().minimumSizeHint().height())


def scrolling(page: QWidget) -> QScrollArea:
    """`page` in a frameless scroll area: on a small screen (1920x1080 at 200 % leaves 960x540)
    a tall page scrolls instead of forcing its window past the screen or squashing its fields."""
    area = PageScroll()
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    page.setAutoFillBackground(False)  # setWidget fills it; the card or dialog behind shows
    return area


def reveal(widget: QWidget) -> None:
    """Scrolls the page `widget` is on (see `scrolling`) so that it is in view, once laid out."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if isinstance(parent, QScrollArea):
        area = parent
        QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(widget))


class EmptyState(QWidget):
    """A calm, centred message for an empty list: an icon, a title and one line of help."""

    def __init__(
        self, icon_name: str, title: str, text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(8)
        layout.addStretch(1)
        picture = QLabel()
        picture.setPixmap(render(icon_name, 44, "#A9ACC0"))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(title)
        set_role(self.title, "emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel(text)
        set_role(self.text, "emptyText")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        for label in (picture, self.title, self.text):
            layout.addWidget(label)
        layout.addStretch(2)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)


class StatusDot(QWidget):
    """A small filled circle whose colour tells a state at a glance."""

    def __init__(
        self, color: str = MUTED, diameter: int = 10, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._color = QColor(color)
        self._diameter = diameter
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()

    @property
    def color(self) -> str:
        return str(self._color.name())

    def sizeHint(self) -> QSize:
        return QSize(self._diameter + 4, self._diameter + 4)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._color)
        offset = (self.width() - self._diameter) / 2, (self.height() - self._diameter) / 2
        painter.drawEllipse(int(offset[0]), int(offset[1]), self._diameter, self._diameter)
        painter.end()
