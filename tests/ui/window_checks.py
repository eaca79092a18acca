"""What makes a window look wrong on a small or scaled screen, found by measuring it.

`layout_problems(window)` lists, in words a person can act on:
- the window (with its frame) does not lie wholly in the screen's available area, or its minimum
  size could not (then it cannot be made to fit);
- an input (field, list, button, check box, slider) is shorter than its size hint: squashed, its
  text cut through;
- a word-wrapped text is shorter than the height its lines need at its width: lines cut off;
- a one-line text is narrower than its text and does not elide it with "…" (cut mid-letter).
Only what is visible counts; texts that elide on purpose (`ElidedLabel`) are fine when narrow.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from ui.elision import ElidedLabel
from ui.window_fit import FRAME, fits, minimum_of

INPUTS = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox, QAbstractSlider)
COMPOSITES = (QLineEdit, QComboBox, QAbstractSpinBox)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    elif isinstance(widget, QLineEdit):
        text = widget.placeholderText() or widget.accessibleName()
    else:
        text = widget.accessibleName()
    label = widget.objectName() or type(widget).__name__
    return f"{label} “{text[:40]}”" if text else label


def layout_problems(window: QWidget) -> list[str]:
    problems = []
    available = window.screen().availableGeometry()
    if not fits(window.geometry(), available):
        problems.append(
            f"window {_rect(window.geometry())} (+ frame) does not fit the screen's "
            f"available {_rect(available)}"
        )
    smallest = minimum_of(window).grownBy(FRAME)
    if smallest.width() > available.width() or smallest.height() > available.height():
        problems.append(
            f"minimum size {_size(minimum_of(window))} (+ frame) is larger than the screen's "
            f"available {_size(available.size())}"
        )
    for area in window.findChildren(QScrollArea):
        page = area.widget()
        off = area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        shown = area.viewport().width()
        if page is not None and off and area.isVisibleTo(window) and page.width() > shown:
            problems.append(
                f"{_name(area)} cuts its page on the right: {shown} px shown of {page.width()}"
            )
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.window() is not window:
            continue
        if isinstance(widget.parentWidget(), COMPOSITES):
            continue  # a part Qt sizes itself (a field's clear button, a spin box's editor)
        problems.extend(_widget_problems(widget))
    return problems


def _widget_problems(widget: QWidget) -> list[str]:
    if isinstance(widget, INPUTS):
        # A size the style sheet fixes (max-height) is the design, not a squeeze.
        needed = min(widget.sizeHint().height(), widget.maximumHeight())
        if widget.height() < needed:
            return [f"{_name(widget)} squashed: {widget.height()} px high, needs {needed}"]
        needed = min(widget.minimumSizeHint().width(), widget.maximumWidth())
        if widget.width() < needed:
            return [f"{_name(widget)} squeezed: {widget.width()} px wide, needs {needed}"]
        return []
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return [f"{_name(widget)} cut: {widget.height()} px high, its lines need {needed}"]
        elif not isinstance(widget, ElidedLabel):
            needed = widget.minimumSizeHint().width()
            if needed > widget.width() + 1:
                return [f"{_name(widget)} cut: {widget.width()} px wide, its text needs {needed}"]
    return []


def _rect(rect: object) -> str:
    x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()  # type: ignore[attr-defined]
    return f"{w}x{h}+{x}+{y}"


def _size(size: QSize) -> str:
    return f"{size.width()}x{size.height()}"
