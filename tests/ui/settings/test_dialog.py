"""The settings dialog with real parts: PortAudio through a PulseAudio null sink (the test sound
played to ``spk`` comes back through ``spk.monitor`` and moves the meter), a lavfi camera standing
in for the camera this machine lacks, a real engine thread. Screenshots go to the test's own
folder (the `screenshots` fixture).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from advisor_app.device_choices import (
    DeviceLists,
    DeviceOption,
    SavedDevices,
    camera_options,
    list_device_options,
    sound_options,
)
from advisor_app.engine import Engine
from advisor_app.settings import Settings
from media import audio_devices
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture
from ui.application import AdvisorGui, configure_application
from ui.engine_calls import EngineCalls
from ui.settings.dialog import SettingsDialog
from ui.settings.dialog_controller import NO_CAMERA, NO_MICROPHONE, SettingsDialogController

TEST_PATTERN = DeviceOption(
    "Test pattern camera", "lavfi/testsrc2", "lavfi:testsrc2=size=640x360:rate=30"
)


def _with_test_camera(saved: SavedDevices) -> DeviceLists:
    """The real sound devices, and a lavfi camera since this machine has none."""
    real = list_device_options(saved)
    return DeviceLists((TEST_PATTERN,), real.microphones, real.speakers, real.rings)


class _Changes(QObject):
    changed = Signal(object)


def _open(
    qtbot: QtBot, engine: Engine, path: Path, *, demo: bool = False, **kwargs: object
) -> tuple[SettingsDialog, SettingsDialogController]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    configure_application(app)
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    controller = SettingsDialogController(
        dialog, EngineCalls(engine, dialog), demo=demo, settings_path=path,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    dialog.show()
    with qtbot.wait_signal(controller.lists_shown, timeout=10_000):
        controller.start()
    return dialog, controller


def _identity(option: DeviceOption | None) -> str | None:
    return None if option is None else option.identity


def _select(combo_owner: object, identity: str) -> None:
    combo = combo_owner.combo  # type: ignore[attr-defined]
    index = next(i for i in range(combo.count()) if combo.itemData(i).identity == identity)
    combo.setCurrentIndex(index)


@pytest.mark.audio
def test_devices_preview_live_and_are_stored_by_identity(
    qtbot: QtBot,
    engine: Engine,
    pulse_null_sink: str,  # noqa: F811
    tmp_path: Path,
    screenshots: Path,
) -> None:
    path = tmp_path / "settings.json"
    Settings(last_email="advisor@example.com").save(path)
    dialog, controller = _open(qtbot, engine, path, list_devices=_with_test_camera)

    # Camera: the live preview shows pictures from the capture thread.
    qtbot.wait_until(lambda: dialog.preview.showing_video, timeout=10_000)
    qtbot.wait(300)
    dialog.grab().save(str(screenshots / "settings-camera.png"))

    # Sound: the meter follows a tone played to the null sink and heard from its monitor.
    dialog.show_section("Sound")
    _select(dialog.microphone, "ALSA/pulse")
    _select(dialog.speaker, "ALSA/pulse")
    qtbot.wait_until(lambda: controller.previews.microphone_running, timeout=10_000)
    assert not controller.previews.camera_running  # only the section on screen runs
    quiet = controller.previews.last_level.level_dbfs
    dialog.test_sound.click()
    loudest, highest_bar = quiet, 0
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and (loudest < -30 or highest_bar <= 20):
        qtbot.wait(20)
        loudest = max(loudest, controller.previews.last_level.level_dbfs)
        if dialog.level.bar.value() > highest_bar:
            highest_bar = dialog.level.bar.value()
            dialog.grab().save(str(screenshots / "settings-sound.png"))
    assert quiet < -60
    assert loudest > -30, "the meter did not move with the test tone"
    assert highest_bar > 20  # the bar shows it (-18 dBFS tone: about 42 of 60)
    qtbot.wait_until(dialog.test_sound.isEnabled, timeout=10_000)
    assert "hear" in dialog.speaker_note.text()

    dialog.show_section("Ringing")
    _select(dialog.ring, "ALSA/default")
    dialog.grab().save(str(screenshots / "settings-ringing.png"))
    dialog.show_section("Connection")
    dialog.grab().save(str(screenshots / "settings-connection.png"))
    dialog.echo_cancellation.setChecked(False)

    with qtbot.wait_signal(controller.saved, timeout=5000):
        dialog.save_button.click()
    assert not dialog.isVisible()
    saved = Settings.load(path)
    assert (saved.camera, saved.microphone, saved.speaker, saved.ring_device) == (
        "lavfi/testsrc2", "ALSA/pulse", "ALSA/pulse", "ALSA/default"
    )  # fmt: skip
    assert not saved.echo_cancellation
    assert saved.noise_suppression
    assert saved.last_email == "advisor@example.com"  # a field the dialog does not show is kept
    qtbot.wait_until(lambda: controller.previews.settled, timeout=5000)
    assert audio_devices.streams_open() == 0
    assert not controller.previews.camera_running

    # Opened again, it shows what was stored.
    again, _controller = _open(qtbot, engine, path, list_devices=_with_test_camera)
    assert again.microphone.chosen() is not None
    fields = (again.camera, again.microphone, again.speaker, again.ring)
    assert [_identity(f.chosen()) for f in fields] == [
        "lavfi/testsrc2", "ALSA/pulse", "ALSA/pulse", "ALSA/default"
    ]  # fmt: skip
    assert not again.echo_cancellation.isChecked()
    again.reject()
    qtbot.wait_until(lambda: _controller.previews.settled, timeout=5000)
    assert not _controller.previews.camera_running


def test_no_device_at_all_gives_a_clear_message(
    qtbot: QtBot, engine: Engine, tmp_path: Path, screenshots: Path
) -> None:
    path = tmp_path / "settings.json"
    Settings(microphone="ALSA/USB Headset").save(path)

    def nothing(saved: SavedDevices) -> DeviceLists:  # a computer with no device at all
        return DeviceLists(
            camera_options([], saved.camera),
            sound_options([], "microphone", saved.microphone),
            sound_options([], "speaker", saved.speaker),
            sound_options([], "speaker", saved.ring),
        )

    dialog, controller = _open(qtbot, engine, path, list_devices=nothing)
    assert dialog.camera.message.isVisible()
    assert dialog.camera.message.text() == NO_CAMERA
    assert not dialog.camera.combo.isEnabled()
    assert not dialog.preview.showing_video
    dialog.grab().save(str(screenshots / "settings-no-camera.png"))
    dialog.show_section("Sound")
    # The saved headset stays listed (not connected) so that saving does not forget it.
    assert dialog.microphone.chosen() == DeviceOption(
        "USB Headset — not connected", "ALSA/USB Headset", None, connected=False
    )
    assert dialog.microphone.message.text() == NO_MICROPHONE
    assert not dialog.test_sound.isEnabled()
    assert not controller.previews.microphone_running
    dialog.grab().save(str(screenshots / "settings-no-devices.png"))
    dialog.test_sound.click()  # disabled: nothing happens, nothing crashes
    with qtbot.wait_signal(controller.saved):
        dialog.save_button.click()
    assert Settings.load(path).microphone == "ALSA/USB Headset"


def test_a_device_change_refreshes_the_lists(qtbot: QtBot, engine: Engine, tmp_path: Path) -> None:
    cameras: list[DeviceOption] = []
    changes = _Changes()

    def listing(_saved: SavedDevices) -> DeviceLists:
        return DeviceLists(tuple(cameras), (), (), ())

    dialog, controller = _open(
        qtbot, engine, tmp_path / "s.json", list_devices=listing, device_changes=changes.changed
    )
    assert dialog.camera.combo.count() == 0
    cameras.append(TEST_PATTERN)
    with qtbot.wait_signal(controller.lists_shown, timeout=5000):
        changes.changed.emit([])
    assert dialog.camera.combo.currentText() == "Test pattern camera"
    qtbot.wait_until(lambda: dialog.preview.showing_video, timeout=10_000)
    dialog.reject()
    qtbot.wait_until(lambda: controller.previews.settled, timeout=5000)
    assert not controller.previews.camera_running
    with qtbot.assert_not_emitted(controller.lists_shown, wait=300):
        changes.changed.emit([])  # a closed dialog no longer listens


def test_connection_checks_and_demo_read_only(
    qtbot: QtBot, engine: Engine, tmp_path: Path, screenshots: Path
) -> None:
    path = tmp_path / "settings.json"
    nothing = DeviceLists((), (), (), ())
    dialog, controller = _open(qtbot, engine, path, list_devices=lambda _s: nothing)
    dialog.server_url.setText("platform.example")
    with qtbot.assert_not_emitted(controller.saved):
        dialog.save_button.click()
    assert dialog.section == "Connection"
    assert "is not a web address" in dialog.form_error.text()
    dialog.server_url.setText("http://platform.example")
    assert controller.save() is None
    assert "https://" in dialog.form_error.text()
    dialog.server_url.setText("https://platform.example/")
    assert controller.save() is not None
    assert Settings.load(path).server_url == "https://platform.example"

    demo, _ = _open(qtbot, engine, path, demo=True, list_devices=lambda _s: nothing)
    assert demo.server_url.isReadOnly()
    assert not demo.choose_ca.isEnabled()
    assert not demo.demo_note.isHidden()
    demo.show_section("Connection")
    demo.grab().save(str(screenshots / "settings-connection-demo.png"))
    demo.reject()


def test_file_menu_opens_the_settings(qtbot: QtBot, gui: AdvisorGui) -> None:
    action = gui.window.settings_action
    assert action.shortcut().toString() == "Ctrl+,"
    menu = gui.window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    menu_actions = menu.actions()
    assert menu_actions[0] is action
    assert menu_actions[1] is gui.window.hardware_test_action
    action.trigger()
    dialog = gui.window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    qtbot.wait_until(dialog.isVisible)
    action.trigger()  # a second time raises the same dialog
    assert len(gui.window.findChildren(SettingsDialog)) == 1
    dialog.reject()
