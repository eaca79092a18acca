"""The demo's test picture is a camera like any other: listed, previewed, sent, remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from advisor_app.device_choices import (
    DeviceLists,
    SavedDevices,
    demo_test_picture,
    list_device_options,
)
from advisor_app.engine import Engine
from advisor_app.media_choice import (
    SYNTHETIC_CAMERA,
    TEST_PICTURE,
    ChosenDevices,
    camera_to_open,
)
from advisor_app.settings import Settings
from ui.application import configure_application
from ui.engine_calls import EngineCalls
from ui.settings.dialog import SettingsDialog
from ui.settings.dialog_controller import SettingsDialogController

REAL = "v4l2:/dev/video0"


def test_the_demo_lists_the_test_picture_and_a_real_platform_does_not() -> None:
    demo = list_device_options(SavedDevices(camera=TEST_PICTURE), demo=True).cameras
    assert demo[-1] == demo_test_picture()
    assert all(option.connected for option in demo)  # not "— not connected"
    real = list_device_options(SavedDevices(camera=TEST_PICTURE), demo=False).cameras
    assert all(option.identity != TEST_PICTURE for option in real)


def test_the_calls_send_what_the_settings_show() -> None:
    none = ChosenDevices(None, None, None)
    webcam = ChosenDevices(REAL, None, None)
    assert camera_to_open(Settings(), none, demo=True) == SYNTHETIC_CAMERA
    assert camera_to_open(Settings(camera=TEST_PICTURE), webcam, demo=True) == SYNTHETIC_CAMERA
    assert camera_to_open(Settings(), webcam, demo=True) == REAL
    assert camera_to_open(Settings(), none, demo=False) is None


def test_settings_preview_the_test_picture_instead_of_no_camera(
    qtbot: QtBot, qapp: QApplication, engine: Engine, tmp_path: Path
) -> None:
    configure_application(qapp)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    lists = DeviceLists((demo_test_picture(),), (), (), ())
    controller = SettingsDialogController(
        dialog,
        EngineCalls(engine, dialog),
        demo=True,
        settings_path=tmp_path / "settings.json",
        list_devices=lambda _saved: lists,
    )
    dialog.show()
    with qtbot.waitSignal(controller.lists_shown):
        controller.start()
    assert dialog.camera.combo.currentText() == "Test picture (demo)"
    assert not dialog.camera.message.isVisible()  # no "No camera found… audio only"
    qtbot.waitUntil(lambda: dialog.preview.showing_video, timeout=10_000)
    controller.save()
    assert Settings.load(tmp_path / "settings.json").camera == TEST_PICTURE
