"""Sign-in: email, password, "Remember me", clear errors and a busy state. A view only.

Enter submits (the Sign in button is the default); Tab goes email → password → remember → Sign in.
The dialog never talks to the platform itself: it emits `sign_in_requested` and the session
controller answers with `set_busy`, `show_error` or by closing it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.icons import app_icon, render
from ui.translations import core_text
from ui.widgets import repolish, set_role
from ui.window_fit import GrowToFit


class LoginDialog(QDialog):
    """Emits `sign_in_requested(email, password, remember)`; `quit_requested` when dismissed."""

    sign_in_requested = Signal(str, str, bool)
    quit_requested = Signal()

    def __init__(self, server_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Sign in — Advisor Desk"))
        self.setWindowIcon(app_icon())
        self.setFixedWidth(420)
        self._busy = False

        self._build_fields()
        self._build_actions(server_label)
        self._lay_out()
        # The error and notice lines wrap: the dialog grows for them instead of squashing the
        # email and password fields into thin lines.
        GrowToFit(self)

    def _lay_out(self) -> None:
        logo = QLabel()
        logo.setPixmap(render("app", 48))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Welcome back"))
        set_role(title, "loginTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(self.tr("Sign in to take live calls and manage your appointments."))
        set_role(subtitle, "muted")
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle.setWordWrap(True)

        card = QFrame()
        card.setObjectName("loginCard")
        form = QVBoxLayout(card)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(6)
        form.addWidget(self._email_label)
        form.addWidget(self.email)
        form.addSpacing(6)
        form.addWidget(self._password_label)
        form.addWidget(self.password)
        form.addSpacing(4)
        form.addWidget(self.remember)

        layout = QVBoxLayout(self)
        # Compact enough that the dialog with a two-line error fits 1920x1080 at 200 % (540
        # logical pixels high, less the title bar).
        layout.setContentsMargins(36, 24, 36, 18)
        layout.setSpacing(8)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(4)
        layout.addWidget(self.notice)
        layout.addWidget(card)
        layout.addWidget(self.error)
        layout.addSpacing(4)
        layout.addWidget(self.sign_in)
        layout.addWidget(self.progress)
        layout.addWidget(self.server)

        QWidget.setTabOrder(self.email, self.password)
        QWidget.setTabOrder(self.password, self.remember)
        QWidget.setTabOrder(self.remember, self.sign_in)

    def _build_fields(self) -> None:
        self.notice = QLabel()
        self.notice.setObjectName("loginNotice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Notice"))
        self.notice.hide()

        self._email_label = email_label = QLabel(self.tr("&Email"))
        self.email = QLineEdit()
        self.email.setPlaceholderText("you@example.com")
        self.email.setAccessibleName(self.tr("Email"))
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        email_label.setBuddy(self.email)
        self._password_label = password_label = QLabel(self.tr("&Password"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        password_label.setBuddy(self.password)
        self.remember = QCheckBox(self.tr("&Remember me on this computer"))
        self.remember.setToolTip(self.tr("Keeps you signed in using your system's keychain"))
        self.remember.setAccessibleName(self.tr("Remember me"))
        self.email.textEdited.connect(self._hide_error)
        self.password.textEdited.connect(self._hide_error)

    def _build_actions(self, server_label: str) -> None:
        self.error = QLabel()
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Sign-in error"))
        self.error.hide()

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(3)
        self.progress.setAccessibleName(self.tr("Signing in"))
        self.progress.hide()

        self.sign_in = QPushButton(self.tr("&Sign in"))
        set_role(self.sign_in, "primary")
        self.sign_in.setDefault(True)
        self.sign_in.setAutoDefault(True)
        self.sign_in.setMinimumHeight(40)
        self.sign_in.setAccessibleName(self.tr("Sign in"))
        self.sign_in.clicked.connect(self.submit)

        self.server = QLabel(server_label)
        set_role(self.server, "fine")
        self.server.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.server.setVisible(bool(server_label))

    @property
    def busy(self) -> bool:
        return self._busy

    def prefill(self, email: str, remember: bool = False) -> None:
        self.email.setText(email)
        self.remember.setChecked(remember)
        (self.password if email else self.email).setFocus()

    def submit(self) -> None:
        """Checks the obvious locally, then asks to sign in."""
        if self._busy:
            return
        email = self.email.text().strip()
        password = self.password.text()
        if not email or "@" not in email:
            self.show_error(self.tr("Please enter the email address of your advisor account."))
            self.email.setFocus()
            return
        if not password:
            self.show_error(self.tr("Please enter your password."))
            self.password.setFocus()
            return
        self._hide_error()
        self.sign_in_requested.emit(email, password, self.remember.isChecked())

    def set_busy(self, busy: bool, text: str | None = None) -> None:
        """`text` on the button while busy; "Signing in…" unless told."""
        self._busy = busy
        for widget in (self.email, self.password, self.remember, self.sign_in):
            widget.setEnabled(not busy)
        self.sign_in.setText((text or self.tr("Signing in…")) if busy else self.tr("&Sign in"))
        self.progress.setVisible(busy)

    def show_error(self, message: str) -> None:
        """The core's marked messages (platform errors) are translated here."""
        self.error.setText(core_text(message))
        self.error.show()
        self.password.selectAll()

    def show_notice(self, text: str) -> None:
        """Why the advisor is here again (for example: signed out on another device)."""
        self.notice.setText(core_text(text))
        self.notice.setVisible(bool(text))
        repolish(self.notice)

    def clear_password(self) -> None:
        self.password.clear()

    def _hide_error(self) -> None:
        self.error.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.quit_requested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.quit_requested.emit()
