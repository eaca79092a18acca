"""Signing in and out: demo credentials, a remembered sign-in, or the login dialog.

Holds the one rule of the app's lifecycle: the main window shows only while signed in; a
`signed_out` from the desk (logout, revoked token) brings back the login dialog with the reason;
closing or quitting shuts the desk down (without signing out) before the app exits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from advisor_app.desk_listener import DeskCommands
from advisor_app.domain.models import Account
from network.errors import NetworkUnreachable, NotSignedIn
from ui.desk_bridge import DeskBridge
from ui.engine_calls import EngineCalls, user_message
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_MS = 3000  # the desk gets this long to stop syncing before the app exits anyway


@dataclass(frozen=True, slots=True)
class SignInPlan:
    """How to sign in at start: demo credentials, else a remembered email, else by hand."""

    demo_email: str | None = None
    demo_password: str | None = None
    remembered_email: str | None = None


class SessionController(QObject):
    """Signals: `signed_in(Account)`, `signed_out(reason)`, `finished()` (the app may exit)."""

    signed_in = Signal(object)
    signed_out = Signal(str)
    finished = Signal()

    def __init__(
        self,
        window: MainWindow,
        login: LoginDialog,
        *,
        bridge: DeskBridge,
        desk: DeskCommands,
        calls: EngineCalls,
        on_signed_in: Callable[[Account], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._login = login
        self._desk = desk
        self._calls = calls
        self._on_signed_in = on_signed_in
        self._account: Account | None = None
        self._closing = False
        self._finished_sent = False
        login.sign_in_requested.connect(self.sign_in)
        login.quit_requested.connect(self.quit)
        bridge.session_ended.connect(self.show_signed_out)
        window.log_out_action.triggered.connect(self.log_out)
        window.quit_action.triggered.connect(self.quit)
        window.close_requested.connect(self.quit)

    @property
    def account(self) -> Account | None:
        return self._account

    @property
    def closing(self) -> bool:
        """True once `quit` has begun (the app is on its way out)."""
        return self._closing

    def start(self, plan: SignInPlan) -> None:
        if plan.demo_email and plan.demo_password:
            self._login.prefill(plan.demo_email)
            self._login.show()
            self.sign_in(plan.demo_email, plan.demo_password, False)
        elif plan.remembered_email:
            self._login.prefill(plan.remembered_email, remember=True)
            self._login.show()
            self._login.set_busy(True, self.tr("Signing you in…"))
            self._calls.run(
                self._desk.restore(plan.remembered_email),
                on_result=self._restored,
                on_error=self._failed,
                what="restore sign-in",
                describe=sign_in_problem,
            )
        else:
            self._login.show()
            self._login.email.setFocus()

    def sign_in(self, email: str, password: str, remember: bool) -> None:
        self._login.set_busy(True)
        self._calls.run(
            self._desk.sign_in(email, password, remember),
            on_result=self._succeeded,
            on_error=self._failed,
            what="sign in",
            describe=sign_in_problem,
        )

    def log_out(self) -> None:
        if self._account is None:
            return
        self._calls.run(
            self._desk.sign_out(),
            on_result=lambda _none: self.show_signed_out(self.tr("You signed out.")),
            on_error=lambda message: self.show_signed_out(
                self.tr("Signed out (%1).").replace("%1", message)
            ),
            what="sign out",
        )

    def show_signed_out(self, reason: str) -> None:
        """Back to the login dialog, saying why."""
        if self._closing:
            return
        was_signed_in = self._account is not None
        self._account = None
        self._window.hide()
        self._login.set_busy(False)
        self._login.clear_password()
        self._login.show_notice(reason)
        self._login.show()
        self._login.raise_()
        self._login.password.setFocus()
        if was_signed_in:
            self.signed_out.emit(reason)

    def quit(self) -> None:
        """Stops the desk (keeping the sign-in for next time), then lets the app exit."""
        if self._closing:
            return
        self._closing = True
        self._window.hide()
        self._login.hide()
        self._calls.run(
            self._desk.shutdown(),
            on_result=lambda _none: self._finish(),
            on_error=lambda _message: self._finish(),
            what="shut down the desk",
        )
        QTimer.singleShot(SHUTDOWN_GRACE_MS, self, self._finish)

    def _restored(self, account: Account | None) -> None:
        if account is None:
            self._login.set_busy(False)
            self._login.show_notice(self.tr("Please sign in again."))
            self._login.password.setFocus()
            return
        self._succeeded(account)

    def _succeeded(self, account: Account) -> None:
        if self._closing:
            return
        self._account = account
        self._login.set_busy(False)
        self._login.clear_password()
        self._login.show_notice("")
        self._login.hide()
        self._window.show_advisor(account.display_name, account.email)
        self._window.hide_notice()
        self._window.show()
        self._window.raise_()
        self._window.activateWindow()
        log.info("signed in as %s", account.id)
        self.signed_in.emit(account)
        if self._on_signed_in is not None:
            self._on_signed_in(account)

    def _failed(self, message: str) -> None:
        self._login.set_busy(False)
        self._login.show()
        self._login.show_error(message)

    def _finish(self) -> None:
        if not self._finished_sent:
            self._finished_sent = True
            self.finished.emit()


def sign_in_problem(error: BaseException) -> str:
    """A failed sign-in in the advisor's words; the platform's wording may be technical."""
    if isinstance(error, NotSignedIn):
        return QCoreApplication.translate("SessionController", "Wrong email or password.")
    if isinstance(error, NetworkUnreachable | ConnectionError | TimeoutError):
        return QCoreApplication.translate(
            "SessionController",
            "Platform unreachable. Check your internet connection and try again.",
        )
    return user_message(error)
