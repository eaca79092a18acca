"""Opens the hardware wizard from the main window: devices from the settings, the platform the
advisor is signed in to (for the speed test), the checks on the engine through `EngineCalls`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.media_choice import choose_devices
from advisor_app.settings import Settings
from ui.engine_calls import EngineCalls
from ui.settings.hardware_wizard import HardwareWizard
from ui.settings.hardware_wizard_controller import HardwareWizardController


def plan_from_settings(target: NetworkTarget | None) -> HardwarePlan:
    """The devices the settings choose now, and the platform for the speed test."""
    chosen = choose_devices(Settings.load())
    return HardwarePlan(chosen.camera, chosen.microphone, chosen.speaker, target)


def open_hardware_wizard(
    parent: QWidget, calls: EngineCalls, target: Callable[[], NetworkTarget | None]
) -> HardwareWizard:
    """Shows the wizard (non-modal) and starts its first step."""
    wizard = HardwareWizard(parent)
    controller = HardwareWizardController(wizard, calls, lambda: plan_from_settings(target()))
    wizard.finished.connect(wizard.deleteLater)
    wizard.show()
    controller.start()
    return wizard
