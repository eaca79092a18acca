"""Opens the hardware wizard from the main window: devices from the settings, the platform the
advisor is signed in to (for the speed test), the checks on the engine through `EngineCalls`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.media_choice import camera_to_open, choose_devices
from advisor_app.settings import Settings
from ui.engine_calls import EngineCalls
from ui.settings.hardware_wizard import PREFERRED_SIZE, HardwareWizard
from ui.settings.hardware_wizard_controller import HardwareWizardController
from ui.window_fit import fit_to_screen, show_in_front


def plan_from_settings(target: NetworkTarget | None, *, demo: bool = False) -> HardwarePlan:
    """The devices the settings choose now (in the demo its test picture as the camera where the
    calls use it), and the platform for the speed test."""
    settings = Settings.load()
    chosen = choose_devices(settings)
    camera = camera_to_open(settings, chosen, demo=demo)
    return HardwarePlan(camera, chosen.microphone, chosen.speaker, target)


def open_hardware_wizard(
    parent: QWidget,
    calls: EngineCalls,
    target: Callable[[], NetworkTarget | None],
    *,
    demo: bool = False,
) -> HardwareWizard:
    """Shows the wizard (non-modal) and starts its first step."""
    wizard = HardwareWizard(parent)
    controller = HardwareWizardController(
        wizard, calls, lambda: plan_from_settings(target(), demo=demo)
    )
    wizard.finished.connect(wizard.deleteLater)
    fit_to_screen(wizard, PREFERRED_SIZE)
    show_in_front(wizard)
    controller.start()
    return wizard
