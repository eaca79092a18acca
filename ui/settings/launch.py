"""Opens the settings dialog from the main window (File → Settings…): one at a time, non-modal,
refreshing its device lists when the device watcher reports a change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from ui.engine_calls import EngineCalls
from ui.settings.dialog import SettingsDialog
from ui.settings.dialog_controller import SettingsDialogController


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
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = SettingsDialog(parent)
    controller = SettingsDialogController(
        dialog, calls, demo=demo, device_changes=device_changes, busy=busy
    )
    dialog.finished.connect(dialog.deleteLater)
    dialog.show()
    controller.start()
    return dialog
