"""The advisor's main window: a view that lays out the desk; `MainController` brings it to life."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.advisor_clock import AdvisorClock
from ui.bookings.queue_view import BookingQueueView
from ui.chat_panel import ChatPanel
from ui.elision import ElidedLabel
from ui.history_panel import HistoryPanel
from ui.icons import MUTED, app_icon, icon, render
from ui.live_requests_panel import LiveRequestsPanel
from ui.presence_switch import PresenceSwitch
from ui.status_panel import StatusPanel
from ui.translations import core_text
from ui.widgets import plain, repolish, set_role

# What the window opens at where the screen has room (1280x800 logical pixels); smaller screens get
# their whole available area.
PREFERRED_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    """Header (name, presence), live calls on the left, appointments on the right, status below.

    Closing the window only asks (`close_requested`): the controller shuts the desk down first.
    """

    close_requested = Signal()

    def __init__(self, clock: AdvisorClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Advisor Desk"))
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")
        # No fixed minimum: the layout's own (about 900x470) fits a 1280x720 screen and even
        # 1920x1080 at 200 %; `AdvisorGui` sizes the window to the screen (PREFERRED_SIZE).

        self._build_menu()
        header = self._build_header()
        self._build_notice()

        self.live_requests = LiveRequestsPanel()
        # As wide as a request card needs (German buttons are wider); no fixed number.
        self.bookings = BookingQueueView(clock)
        self.chat = ChatPanel()
        self.history = HistoryPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("deskTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.bookings, self.tr("Appointments"))
        self.tabs.addTab(self.chat, self.tr("Messages"))
        self.tabs.addTab(self.history, self.tr("History"))
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("body")
        body.setChildrenCollapsible(False)
        body.addWidget(self.live_requests)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 0)
        body.setStretchFactor(1, 1)
        body.setHandleWidth(1)
        body.setSizes([300, 980])

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.notice_bar)
        column.addWidget(body, 1)
        self.setCentralWidget(central)

        self.status = StatusPanel()
        self.setStatusBar(self.status)

    def _build_menu(self) -> None:
        self.log_out_action = QAction(icon("logout", MUTED), self.tr("&Log out"), self)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.hardware_test_action = QAction(self.tr("&Test hardware and network…"), self)
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.hardware_test_action)
        file_menu.addSeparator()
        file_menu.addAction(self.log_out_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self._build_help_menu()

    def _build_help_menu(self) -> None:
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.log_folder_action = QAction(self.tr("Open the &log folder"), self)
        self.report_problem_action = QAction(self.tr("&Report a problem…"), self)
        self.about_action = QAction(self.tr("&About Advisor Desk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.report_problem_action)
        help_menu.addAction(self.log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _build_header(self) -> QFrame:
        self.advisor_name = ElidedLabel(self.tr("Not signed in"))
        set_role(self.advisor_name, "advisorName")
        self.advisor_name.setAccessibleName(self.tr("Signed in as"))
        self.subtitle = ElidedLabel(self.tr("Advisor desk"))
        set_role(self.subtitle, "muted")
        self.presence = PresenceSwitch()
        logo = QLabel()
        logo.setPixmap(render("app", 40))
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.advisor_name)
        names.addWidget(self.subtitle)
        presence_caption = QLabel(self.tr("Your status"))
        set_role(presence_caption, "muted")
        header = QFrame()
        header.setObjectName("header")
        header_row = QHBoxLayout(header)
        header_row.setContentsMargins(20, 14, 20, 14)
        header_row.setSpacing(12)
        header_row.addWidget(logo)
        header_row.addLayout(names, 1)
        header_row.addWidget(presence_caption)
        header_row.addWidget(self.presence)
        return header

    def _build_notice(self) -> None:
        self.notice = plain(QLabel())  # may name a customer (their alias)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice_close = QToolButton()
        self.notice_close.setText("✕")
        self.notice_close.setAutoRaise(True)
        self.notice_close.setAccessibleName(self.tr("Dismiss the notice"))
        self.notice_bar = QFrame()
        self.notice_bar.setObjectName("noticeBar")
        notice_row = QHBoxLayout(self.notice_bar)
        notice_row.setContentsMargins(20, 8, 12, 8)
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.notice_close)
        self.notice_bar.hide()
        self.notice_close.clicked.connect(self.notice_bar.hide)

    def show_advisor(self, display_name: str, email: str) -> None:
        self.advisor_name.setText(display_name or email)
        self.subtitle.setText(email if display_name else self.tr("Advisor desk"))
        self.setWindowTitle(self.tr("%1 — Advisor Desk").replace("%1", display_name or email))

    def show_unread(self, count: int) -> None:
        """The Messages tab names how many customer messages are unread."""
        index = self.tabs.indexOf(self.chat)
        text = self.tr("Messages (%1)").replace("%1", str(count)) if count else self.tr("Messages")
        self.tabs.setTabText(index, text)

    def show_notice(self, text: str, tone: str = "info") -> None:
        """A one-line banner under the header (tone: info, success, error).

        The core's marked messages (platform errors, device notices) are translated here.
        """
        self.notice.setText(core_text(text))
        self.notice_bar.setProperty("tone", tone)
        repolish(self.notice_bar)
        self.notice_bar.show()

    def hide_notice(self) -> None:
        self.notice_bar.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.close_requested.emit()
