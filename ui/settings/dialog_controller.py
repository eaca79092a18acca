"""Runs the settings dialog: lists the devices (off the GUI thread), shows the live camera
preview and microphone level for the section on screen, plays the test sounds, refreshes the
lists when a device is plugged in or pulled out, and saves the choices by stable identity.

Saving re-reads the settings file and changes only the fields this dialog shows, so a value
another part of the app saved meanwhile (the last e-mail) is kept. Every preview stops when the
dialog closes, however it closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QFileDialog

from advisor_app.device_choices import DeviceLists, DeviceOption, SavedDevices, refresh_and_list
from advisor_app.domain.levels import LevelReading
from advisor_app.settings import Settings
from ui.engine_calls import EngineCalls
from ui.settings.device_preview import DevicePreviews
from ui.settings.dialog import SettingsDialog
from ui.settings.form import check_ca_bundle, check_server_url
from ui.translations import core_text, tr_noop

log = logging.getLogger(__name__)

ListDevices = Callable[[SavedDevices], DeviceLists]
AskFile = Callable[[], str]

# English source texts, marked for `pyside6-lupdate`; translated with `self.tr` when shown.
NO_CAMERA = tr_noop("SettingsDialogController", "No camera found. Connect one and it "
                              "appears here within a few seconds; until then your calls are audio "
                              "only.")  # fmt: skip
NO_MICROPHONE = tr_noop("SettingsDialogController", "No microphone found. Connect a "
                                  "headset or microphone: the customer cannot hear you without "
                                  "one.")  # fmt: skip
NO_SPEAKER = tr_noop("SettingsDialogController", "No speakers found. Connect speakers "
                               "or a headset to hear the customer.")  # fmt: skip
DEMO_NOTE = tr_noop("SettingsDialogController", "The demo runs its own platform on "
                              "this computer, so the address and certificates cannot be changed "
                              "here.")  # fmt: skip


class SettingsDialogController(QObject):
    """``device_changes`` is a signal that fires (on the GUI thread) when devices come or go.
    `lists_shown` is emitted after the device lists were filled; `saved(Settings)` after Save."""

    lists_shown = Signal()
    saved = Signal(object)

    def __init__(
        self,
        dialog: SettingsDialog,
        calls: EngineCalls,
        *,
        demo: bool,
        settings_path: Path | None = None,
        device_changes: SignalInstance | None = None,
        busy: Callable[[], bool] = lambda: False,
        list_devices: ListDevices | None = None,
        ask_ca_file: AskFile | None = None,
    ) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._calls = calls
        self._demo = demo
        self._path = settings_path
        self._busy = busy
        self._list = list_devices or (lambda saved: refresh_and_list(saved, self._busy, demo=demo))
        self._ask_ca_file = ask_ca_file or self._ask_with_dialog
        self._device_changes = device_changes
        self.previews = DevicePreviews(calls, self)
        self.lists: DeviceLists | None = None
        self._closed = False
        settings = Settings.load(settings_path)
        self._chosen = SavedDevices(
            settings.camera, settings.microphone, settings.speaker, settings.ring_device
        )
        self._fill(settings)
        self._connect()

    # -- setting up ----------------------------------------------------------------------------

    def _fill(self, settings: Settings) -> None:
        d = self._dialog
        d.echo_cancellation.setChecked(settings.echo_cancellation)
        d.noise_suppression.setChecked(settings.noise_suppression)
        d.gain_control.setChecked(settings.gain_control)
        d.ring_volume.setValue(round(settings.ring_volume * 100))
        d.server_url.setText(settings.server_url)
        d.ca_bundle.setText(settings.ca_bundle)
        for widget in (d.server_url, d.ca_bundle):
            widget.setReadOnly(self._demo)
            widget.setEnabled(not self._demo)
        d.choose_ca.setEnabled(not self._demo)
        d.demo_note.setText(self.tr(DEMO_NOTE))
        d.show_language(settings.language)
        d.demo_note.setVisible(self._demo)
        if self._demo:
            d.server_url.setPlaceholderText(self.tr("The demo platform on this computer"))
            d.ca_bundle.setPlaceholderText(self.tr("Not needed for the demo"))
        for field in (d.camera, d.microphone, d.speaker, d.ring):
            field.combo.setPlaceholderText(self.tr("Looking for devices…"))

    def _connect(self) -> None:
        d, p = self._dialog, self.previews
        d.nav.currentRowChanged.connect(lambda _row: self._run_previews())
        d.camera.combo.currentIndexChanged.connect(lambda _i: self._restart("camera"))
        d.microphone.combo.currentIndexChanged.connect(lambda _i: self._restart("microphone"))
        d.test_sound.clicked.connect(self.play_test_sound)
        d.test_ring.clicked.connect(self.play_test_ring)
        d.choose_ca.clicked.connect(self._choose_ca)
        d.save_button.clicked.connect(self.save)
        d.cancel_button.clicked.connect(d.reject)
        d.closing.connect(self._dialog_closed)
        p.frame.connect(d.preview.show_frame)
        p.camera_failed.connect(lambda reason: d.preview.set_camera_on(False, reason))
        p.level.connect(self._show_level)
        p.microphone_failed.connect(self._microphone_failed)
        p.sound_played.connect(self._sound_played)
        if self._device_changes is not None:
            self._device_changes.connect(self._devices_changed)

    def start(self) -> None:
        """Lists the devices; previews start once they are shown."""
        self.refresh_devices()

    # -- device lists --------------------------------------------------------------------------

    def refresh_devices(self) -> None:
        if self._closed:
            return
        self.previews.stop_microphone()  # lets PortAudio's list be read afresh
        chosen = self._current_choices()
        self._calls.run(
            asyncio.to_thread(self._list, chosen),
            on_result=self._show_lists,  # bound methods: skipped once the dialog is deleted
            on_error=self._listing_failed,
            what="list devices",
        )

    def _listing_failed(self, message: str) -> None:
        self._show_lists(
            DeviceLists(
                (), (), (), (), self.tr("Devices cannot be listed: %1").replace("%1", message)
            )
        )

    def _devices_changed(self, _changes: object = None) -> None:
        self.refresh_devices()

    def _current_choices(self) -> SavedDevices:
        if self.lists is None:
            return self._chosen
        d = self._dialog
        return SavedDevices(
            *(_identity(field.chosen()) for field in (d.camera, d.microphone, d.speaker, d.ring))
        )

    def _show_lists(self, lists: DeviceLists) -> None:
        if self._closed:
            return
        chosen = self._current_choices()
        self.lists = lists
        d = self._dialog
        problem = lists.sound_problem
        no_speaker = self.tr(NO_SPEAKER)
        d.camera.show_options(lists.cameras, chosen.camera, self.tr(NO_CAMERA))
        d.microphone.show_options(
            lists.microphones, chosen.microphone, problem or self.tr(NO_MICROPHONE)
        )
        d.speaker.show_options(lists.speakers, chosen.speaker, problem or no_speaker)
        d.ring.show_options(lists.rings, chosen.ring, problem or no_speaker)
        d.test_sound.setEnabled(bool(lists.speakers))
        d.test_ring.setEnabled(bool(lists.rings))
        if not lists.cameras:
            d.preview.set_camera_on(False, self.tr("No camera"))
        if not lists.microphones:
            d.level.show_level(-100.0, clipping=False)
            d.level.state.setText(self.tr("No microphone"))
        self._run_previews()
        self.lists_shown.emit()

    # -- previews ------------------------------------------------------------------------------

    def _run_previews(self) -> None:
        """The camera runs only on the Camera section, the meter only on the Sound section."""
        section = self._dialog.section
        if section != "Camera":
            self.previews.stop_camera()
        elif not self.previews.camera_running:
            self._restart("camera")
        if section != "Sound":
            self.previews.stop_microphone()
        elif not self.previews.microphone_running:
            self._restart("microphone")

    def _restart(self, kind: str) -> None:
        d = self._dialog
        if kind == "camera" and d.section == "Camera":
            option = d.camera.chosen()
            connected = option is not None and option.connected
            spec = str(option.open_with) if connected and option else None
            d.preview.set_camera_on(
                connected, self.tr("Starting the camera…") if connected else self.tr("No camera")
            )
            self.previews.show_camera(spec)
        elif kind == "microphone" and d.section == "Sound":
            option = d.microphone.chosen()
            if option is None or not option.connected:
                self.previews.stop_microphone()
                return
            self.previews.listen(_sound_device(option))

    def _show_level(self, reading: LevelReading) -> None:
        self._dialog.level.show_level(reading.level_dbfs, clipping=reading.clipping)

    def _microphone_failed(self, message: str) -> None:
        self._dialog.level.show_level(-100.0, clipping=False)
        self._dialog.level.state.setText(self.tr("Cannot be opened"))
        self._dialog.microphone.message.setText(core_text(message))
        self._dialog.microphone.message.show()

    # -- test sounds ---------------------------------------------------------------------------

    def play_test_sound(self) -> None:
        option = self._dialog.speaker.chosen()
        if option is None or not option.connected:
            return
        self._dialog.test_sound.setEnabled(False)
        self._dialog.speaker_note.setText(self.tr("Playing a short beep…"))
        self.previews.play_test_sound(_sound_device(option))

    def play_test_ring(self) -> None:
        option = self._dialog.ring.chosen()
        if option is None or not option.connected:
            return
        self._dialog.test_ring.setEnabled(False)
        self._dialog.ring_note.setText(self.tr("Ringing…"))
        self.previews.play_test_ring(_sound_device(option), self._dialog.ring_volume.value() / 100)

    def _sound_played(self, what: str, error: str) -> None:
        d = self._dialog
        button, note = (d.test_sound, d.speaker_note) if what == "speaker" else (
            d.test_ring, d.ring_note)  # fmt: skip
        button.setEnabled(True)
        if error:
            note.setText(self.tr("Could not play: %1").replace("%1", core_text(error)))
        elif what == "speaker":
            note.setText(self.tr("Did you hear a beep? If not, check the volume and the device."))
        else:
            note.setText(self.tr("That is how an incoming call rings."))

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> Settings | None:
        """Checks the Connection section, stores everything, closes; None when a check failed."""
        d = self._dialog
        url, url_problem = (d.server_url.text(), "") if self._demo else check_server_url(
            d.server_url.text())  # fmt: skip
        ca, ca_problem = (d.ca_bundle.text(), "") if self._demo else check_ca_bundle(
            d.ca_bundle.text())  # fmt: skip
        problem = url_problem or ca_problem
        if problem:
            d.show_section("Connection")
            d.show_form_error(problem)
            return None
        settings = Settings.load(self._path)
        chosen = self._current_choices()
        settings.camera, settings.microphone = chosen.camera, chosen.microphone
        settings.speaker, settings.ring_device = chosen.speaker, chosen.ring
        settings.echo_cancellation = d.echo_cancellation.isChecked()
        settings.noise_suppression = d.noise_suppression.isChecked()
        settings.gain_control = d.gain_control.isChecked()
        settings.ring_volume = d.ring_volume.value() / 100
        settings.language = d.chosen_language()
        if not self._demo:
            settings.server_url, settings.ca_bundle = url, ca
        try:
            settings.save(self._path)
        except OSError as exc:
            d.show_form_error(
                self.tr("The settings could not be saved: %1").replace(
                    "%1", str(exc.strerror or exc)
                )
            )
            return None
        log.info("settings saved")
        self.saved.emit(settings)
        d.accept()
        return settings

    def _choose_ca(self) -> None:
        chosen = self._ask_ca_file()
        if chosen:
            self._dialog.ca_bundle.setText(chosen)

    def _ask_with_dialog(self) -> str:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._dialog, self.tr("Certificate bundle"), str(Path.home()),
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )  # fmt: skip
        return chosen

    def _dialog_closed(self) -> None:
        self._closed = True
        self.previews.stop_all()
        if self._device_changes is not None:
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                self._device_changes.disconnect(self._devices_changed)


def _identity(option: DeviceOption | None) -> str:
    return option.identity if option is not None else ""


def _sound_device(option: DeviceOption) -> int | str | None:
    return option.open_with if isinstance(option.open_with, int) else None
