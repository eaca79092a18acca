"""Opens the hardware wizard from the main window: devices from the settings, the platform the
advisor is signed in to (for the speed test), the checks on the engine through `EngineCalls`."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.hardware_check.runner import HardwarePlan
from advisor_app.media_choice import camera_to_open, choose_devices
from advisor_app.settings import Settings
from network.api_client import PlatformClient
from ui.engine_calls import EngineCalls
from ui.hardware_wizard import PREFERRED_SIZE, HardwareWizard
from ui.hardware_wizard_controller import HardwareWizardController
from ui.window_fit import fit_to_screen, show_in_front


def plan_from_settings(client: PlatformClient | None, *, demo: bool = False) -> HardwarePlan:
    """The devices the settings choose now (in the demo its test picture as the camera where the
    calls use it), and the platform ``client`` talks to."""
    settings = Settings.load()
    chosen = choose_devices(settings)
    target = None
    if client is not None:
        target = NetworkTarget(client.base_url, client.token_provider, client.ca_bundle)
    camera = camera_to_open(settings, chosen, demo=demo)
    return HardwarePlan(camera, chosen.microphone, chosen.speaker, target)


def open_hardware_wizard(
    parent: QWidget,
    calls: EngineCalls,
    client: Callable[[], PlatformClient | None],
    *,
    demo: bool = False,
) -> HardwareWizard:
    """Shows the wizard (non-modal) and starts its first step."""
    wizard = HardwareWizard(parent)
    controller = HardwareWizardController(
        wizard, calls, lambda: plan_from_settings(client(), demo=demo)
    )
    wizard.finished.connect(wizard.deleteLater)
    fit_to_screen(wizard, PREFERRED_SIZE)
    show_in_front(wizard)
    controller.start()
    return wizard
