"""Opens the settings dialog from the main window (File → Settings…): one at a time, non-modal,
refreshing its device lists when the device watcher reports a change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from ui.engine_calls import EngineCalls
from ui.settings.dialog import PREFERRED_SIZE, SettingsDialog
from ui.settings.dialog_controller import SettingsDialogController
from ui.window_fit import fit_to_screen, show_in_front


def open_settings_dialog(
    parent: QWidget,
    calls: EngineCalls,
    *,
    demo: bool,
    device_changes: SignalInstance | None = None,
    busy: Callable[[], bool] = lambda: False,
) -> SettingsDialog:
    """Shows the dialog (or raises the one already open) and starts listing devices."""
    existing = parent.findChild(SettingsDialog)
    if isinstance(existing, SettingsDialog) and existing.isVisible():
        show_in_front(existing)
        return existing
    dialog = SettingsDialog(parent)
    controller = SettingsDialogController(
        dialog, calls, demo=demo, device_changes=device_changes, busy=busy
    )
    dialog.finished.connect(dialog.deleteLater)
    fit_to_screen(dialog, PREFERRED_SIZE)
    show_in_front(dialog)  # in front with the keyboard: Escape closes it
    controller.start()
    return dialog
