"""The GUI's composition root and entry: builds the bridge, the desk, the views and controllers.

`run_gui` is what `advisor_app.__main__` calls. `AdvisorGui` is the same wiring without the event
loop, so tests and the screenshot script build the real window around a fake or a real desk.
"""

from __future__ import annotations

import contextlib
import logging
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from advisor_app.desk_listener import DeskCommands, DeskListener
from advisor_app.domain.devices import DeviceChange
from advisor_app.domain.models import Account, Booking
from advisor_app.engine import Engine
from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.platform_gateway import PlatformGateway
from advisor_app.settings import Settings
from ui.advisor_clock import AdvisorClock
from ui.bookings.actions_controller import BookingCommands
from ui.bookings.reminders import AppointmentReminders
from ui.chat_wiring import wire_conversations
from ui.desk_bridge import DeskBridge
from ui.device_notices import DeviceNotices, DeviceWatch
from ui.engine_calls import EngineCalls
from ui.help_menu import HelpMenu
from ui.icons import app_icon
from ui.live_requests_controller import CallTaker
from ui.login_dialog import LoginDialog
from ui.main_controller import MainController
from ui.main_window import PREFERRED_SIZE, MainWindow
from ui.ring_alerts import RingAlerts, RingTone
from ui.session_controller import SessionController, SignInPlan
from ui.settings.hardware_wizard_launch import open_hardware_wizard, plan_from_settings
from ui.settings.launch import open_settings_dialog
from ui.translations import choose_language, core_text, install_translations
from ui.window_memory import WindowMemory

log = logging.getLogger(__name__)

APP_NAME = "Advisor Desk"
ORGANIZATION = "Advisor Desk"
STYLESHEET = Path(__file__).with_name("style.qss")
FONT_FAMILIES = ["Segoe UI", "SF Pro Text", "Inter", "Cantarell", "Noto Sans", "Liberation Sans"]

DeskFactory = Callable[[DeskListener], DeskCommands]


@dataclass
class GuiOptions:
    """What the entry point tells the GUI."""

    server_url: str
    platform: PlatformGateway | None = None  # chat, history, the hardware test's speed test
    customer_url: str | None = None  # the embedded demo's customer page, shown in the status bar
    demo_email: str | None = None
    demo_password: str | None = None
    remembered_email: str | None = None
    on_signed_in: Callable[[Account], None] | None = None  # e.g. remember the email in settings
    take_call: CallTaker | None = None  # accepts a live request into a call window
    on_call_booking: Callable[[Booking, AdvisorClock], None] | None = None  # a booked call
    # The devices the GUI uses, opened by the entry point (`ui/` opens none itself):
    ringer: RingTone | None = None  # `media.ringer.Ringer`; AdvisorGui's ``ringer`` overrides it
    device_watch: DeviceWatch | None = None  # devices plugged in or pulled out (None in most tests)


def configure_application(app: QApplication) -> None:
    """Name, icon, font and the light theme."""
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(app_icon())
    font = QFont(app.font())
    font.setFamilies([*FONT_FAMILIES, *font.families()])
    app.setFont(font)
    try:
        app.setStyleSheet(STYLESHEET.read_text(encoding="utf-8"))
    except OSError as exc:
        log.warning("stylesheet missing (%s); using the plain Qt look", type(exc).__name__)


class AdvisorGui:
    """The whole GUI around one desk. Call `start()` to begin signing in."""

    def __init__(
        self,
        engine: Engine,
        desk_factory: DeskFactory,
        options: GuiOptions,
        ringer: RingTone | None = None,
        clock: AdvisorClock | None = None,
    ) -> None:
        self.options = options
        self.bridge = DeskBridge()
        self.desk = desk_factory(self.bridge)
        self.calls = EngineCalls(engine)
        self.clock = clock if clock is not None else AdvisorClock()
        chosen_ringer = ringer if ringer is not None else options.ringer
        if chosen_ringer is None:
            raise ValueError("the GUI needs a ring tone: GuiOptions.ringer or AdvisorGui(ringer=)")
        self.ringer = chosen_ringer
        self.window = MainWindow(self.clock)
        self.places = WindowMemory()
        self.places.restore(self.window, "main", PREFERRED_SIZE)
        self.window.status.show_customer_page(options.customer_url)
        self.login = LoginDialog(_server_label(options.server_url))
        tray = RingAlerts.system_tray(self.window)
        alerts = RingAlerts(self.ringer, self.window, tray)
        self.main = MainController(
            self.window,
            bridge=self.bridge,
            desk=self.desk,
            calls=self.calls,
            clock=self.clock,
            alerts=alerts,
            take_call=options.take_call,
            booking_desk=_booking_commands(self.desk),
            on_call_booking=options.on_call_booking,
        )
        self._demo = not options.server_url
        self.help = HelpMenu(
            self.window,
            self.calls,
            lambda: plan_from_settings(self._speed_test_target(), demo=self._demo),
        )
        self.window.hardware_test_action.triggered.connect(self.open_hardware_test)
        self.window.settings_action.triggered.connect(self.open_settings)
        self.device_notices: DeviceNotices | None = None
        if options.device_watch is not None:
            self.device_notices = DeviceNotices(options.device_watch, self.window)
            self.device_notices.changed.connect(self.show_device_changes)
            options.device_watch.start()
        self.reminders = AppointmentReminders(
            self.bridge, self.clock, _notifier(tray, self.window), self.window
        )
        self.conversations = wire_conversations(
            self.window,
            platform=options.platform,
            desk_bridge=self.bridge,
            calls=self.calls,
            clock=self.clock,
            main=self.main,
        )
        self.session = SessionController(
            self.window,
            self.login,
            bridge=self.bridge,
            desk=self.desk,
            calls=self.calls,
            on_signed_in=options.on_signed_in,
        )

    def start(self) -> None:
        self.session.start(
            SignInPlan(
                demo_email=self.options.demo_email,
                demo_password=self.options.demo_password,
                remembered_email=self.options.remembered_email,
            )
        )

    def open_hardware_test(self) -> None:
        """The hardware and network test; the speed test uses the platform signed in to."""
        open_hardware_wizard(self.window, self.calls, self._speed_test_target, demo=self._demo)

    def _speed_test_target(self) -> NetworkTarget | None:
        """The platform signed in to, for the speed test (none without a gateway: test GUIs)."""
        platform = self.options.platform
        if platform is None:
            return None
        return NetworkTarget(platform.base_url, platform.access_token, platform.ca_bundle)

    def open_settings(self) -> None:
        """File → Settings…: devices with live previews, voice processing, connection."""
        notices = self.device_notices
        open_settings_dialog(
            self.window,
            self.calls,
            demo=not self.options.server_url,
            device_changes=notices.changed if notices is not None else None,
            busy=self._ringing,
        )

    def show_device_changes(self, changes: list[DeviceChange]) -> None:
        """A short notice: "Microphone “USB Headset” connected" (`summary`, each translated)."""
        self.window.show_notice(" · ".join(core_text(c.text) for c in changes) + ".", "info")

    def _ringing(self) -> bool:
        """While the ring plays, PortAudio's list must not be re-read (it would cut the ring)."""
        return bool(getattr(self.ringer, "ringing", False))

    def close(self) -> None:
        """Stops the device watcher's thread (the entry point closes the ringer it opened)."""
        if self.device_notices is not None:
            self.device_notices.close()
        if self.window.windowHandle() is not None:  # it was shown: its place means something
            self.places.remember(self.window, "main")
        self.login.deleteLater()
        self.window.deleteLater()


def run_gui(argv: list[str], engine: Engine, desk_factory: DeskFactory, options: GuiOptions) -> int:
    """Runs the GUI until the advisor quits; returns the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    configure_application(app)
    # Before any widget exists: texts are looked up when widgets are built.
    install_translations(app, choose_language(Settings.load().language))
    app.setQuitOnLastWindowClosed(False)  # the window hides while the login dialog shows
    gui = AdvisorGui(engine, desk_factory, options)
    gui.session.finished.connect(app.quit)
    gui.start()
    log.info("main window ready")
    with quit_on_termination_signals(app):
        try:
            return app.exec()
        finally:
            gui.close()


@contextlib.contextmanager
def quit_on_termination_signals(app: QApplication) -> Iterator[None]:
    """Ctrl+C in a terminal or a SIGTERM quits cleanly (the demo's child processes end too).

    Python runs signal handlers only between bytecodes, so a timer wakes the interpreter
    regularly while Qt's event loop is in C++.
    """
    wake = QTimer()
    wake.start(250)
    wake.timeout.connect(lambda: None)
    previous = {
        sig: signal.signal(sig, lambda *_: app.quit()) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        wake.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _notifier(tray: QSystemTrayIcon | None, window: MainWindow) -> Callable[[str, str], None]:
    """Reminders go to the tray where there is one, else to the window's notice bar."""

    def notify(title: str, text: str) -> None:
        if tray is not None and QSystemTrayIcon.supportsMessages():
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        else:
            window.show_notice(f"{title}: {text}", "info")

    return notify


def _booking_commands(desk: DeskCommands) -> BookingCommands | None:
    """The desk's booking answers, where it has them (the real desk does; small fakes may not)."""
    if hasattr(desk, "confirm_booking") and hasattr(desk, "decline_booking"):
        commands: BookingCommands = desk  # type: ignore[assignment]  # checked just above
        return commands
    return None


def _server_label(server_url: str) -> str:
    if server_url:
        return QCoreApplication.translate("LoginDialog", "Platform: %1").replace("%1", server_url)
    return QCoreApplication.translate("LoginDialog", "Demo platform on this computer")
