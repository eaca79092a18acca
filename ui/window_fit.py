"""Windows that fit the screen they open on, and dialogs that grow rather than squash their fields.

An advisor's laptop may show 1920x1080 pixels at 150 % (1280x720 logical pixels, what Windows sets
on most 1080p laptops) or at 200 % (960x540). So a window's first size comes from the screen's
available area (without the task bar), a remembered size is used only where it still fits, and
every window's minimum size is what its layout needs, never a fixed number larger than a screen.

`place_window` is the rule (pure geometry); `fit_to_screen` applies it to a window before it is
first shown; `show_in_front` shows a window and gives it the keyboard (a non-modal dialog that
opens behind the focus cannot be closed with Escape); `GrowToFit` keeps a dialog as tall as its
contents need at its width (word-wrapped texts need more height when they appear).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# What a window manager's title bar and borders take around a window whose frame is not known yet
# (before the first show): Windows 10/11 at 100 % draws a 31-32 px caption and 1 px borders;
# GNOME's header bar is ~37 px but its shadows do not count against the screen.
FRAME = QMargins(1, 33, 1, 1)


def place_window(preferred: QSize, minimum: QSize, available: QRect) -> QRect:
    """Where a window's client area goes: `preferred` where it fits the `available` area with its
    frame, else as much of the area as there is, never below `minimum`; centred (a window that
    cannot be smaller than the area starts at its top left)."""
    room = available.size().shrunkBy(FRAME)
    size = minimum.expandedTo(preferred.boundedTo(room))
    frame = size.grownBy(FRAME)
    x = available.x() + max(0, (available.width() - frame.width()) // 2)
    y = available.y() + max(0, (available.height() - frame.height()) // 2)
    return QRect(QPoint(x, y), frame).marginsRemoved(FRAME)


def fits(geometry: QRect, available: QRect) -> bool:
    """True when a window whose client area is `geometry` lies wholly in `available`, frame and
    all."""
    return available.contains(geometry.marginsAdded(FRAME))


def screen_of(window: QWidget) -> QScreen:
    """The screen a window opens on: its parent's, else the one under the mouse, else primary."""
    parent = window.parentWidget()
    if parent is not None and parent.isVisible():
        return parent.screen()
    under_mouse = QGuiApplication.screenAt(QCursor.pos())
    if under_mouse is not None:
        return under_mouse
    primary = QGuiApplication.primaryScreen()
    assert primary is not None, "Qt has no screen"
    return primary


def minimum_of(window: QWidget) -> QSize:
    """What the window cannot be smaller than: its layout's needs or an explicit minimum."""
    needed = window.minimumSizeHint() if window.layout() is not None else QSize(0, 0)
    return needed.expandedTo(window.minimumSize())


def fit_to_screen(window: QWidget, preferred: QSize) -> QRect:
    """Sizes and places `window` (before its first show) on the screen it will open on."""
    available = screen_of(window).availableGeometry()
    geometry = place_window(preferred, minimum_of(window), available)
    if window.parentWidget() is None:
        window.setGeometry(geometry)  # a window's geometry is its client area, frame outside
    else:
        window.resize(geometry.size())  # a dialog opens centred over its parent
    return geometry


def show_in_front(window: QWidget) -> None:
    """Shows (or brings back) a window, on top and with the keyboard."""
    window.show()
    window.raise_()
    window.activateWindow()


class GrowToFit(QObject):
    """Keeps a top-level window at least as tall as its layout needs at its current width.

    Qt sets a window's minimum size from its layout but measures word-wrapped labels at their
    narrowest, so an error line that wraps (the sign-in dialog's) takes its height from the
    fields above it and squashes them. This filter recomputes the height for the real width
    whenever the layout changes, raises the minimum, and grows the window when it is too short
    (never past the screen's available height).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._pending = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() in (
            QEvent.Type.LayoutRequest,
            QEvent.Type.Show,
            QEvent.Type.Resize,
        ):
            self._schedule()
        return False

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.grow)

    def grow(self) -> None:
        """Raises the minimum height to what the layout needs now, and grows if needed."""
        self._pending = False
        window, layout = self._window, self._window.layout()
        if layout is None:
            return
        layout.activate()
        width = window.width()
        needed = layout.totalMinimumSize().height()
        if layout.hasHeightForWidth():
            needed = max(needed, layout.totalMinimumHeightForWidth(width))
        room = screen_of(window).availableGeometry().height() - FRAME.top() - FRAME.bottom()
        needed = min(needed, room)
        if window.minimumHeight() != needed:
            window.setMinimumHeight(needed)
        if window.height() < needed:
            window.resize(width, needed)
        if window.isVisible():
            _keep_on_screen(window)


def _keep_on_screen(window: QWidget) -> None:
    """Moves a window that grew past the bottom of its screen's available area back up."""
    available = screen_of(window).availableGeometry()
    frame = window.geometry().marginsAdded(FRAME)
    if frame.bottom() > available.bottom():
        window.move(
            window.x(), max(available.top(), window.y() - (frame.bottom() - available.bottom()))
        )
