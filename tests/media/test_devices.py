"""Device listing with stable identities: PortAudio through a real PulseAudio, v4l2 from a sysfs
tree (this machine has no camera), and the macOS and Windows paths down to the arguments that
PyAV and sounddevice would be given."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from media import audio_devices
from media.device_spec import parse_camera_spec
from media.devices import (
    CameraEntry,
    SoundDeviceEntry,
    choose_camera,
    choose_sound_device,
    list_cameras,
    list_sound_devices,
    parse_avfoundation_device_list,
)


class FakePortAudio:
    """The parts of the sounddevice module that listing and opening use (no hardware here)."""

    PortAudioError = RuntimeError

    def __init__(self, host_apis: list[str], devices: list[tuple[int, str, int, int]]) -> None:
        self._host_apis = host_apis
        self._devices = devices
        self.default = SimpleNamespace(device=(0, 1))
        self.opened: list[dict[str, Any]] = []

    def query_hostapis(self) -> list[dict[str, Any]]:
        return [{"name": name} for name in self._host_apis]

    def query_devices(self) -> list[dict[str, Any]]:
        return [
            {"index": i, "hostapi": api, "name": name, "max_input_channels": ins,
             "max_output_channels": outs}
            for i, (api, name, ins, outs) in enumerate(self._devices)
        ]  # fmt: skip

    def _stream(self, **kwargs: Any) -> Any:
        self.opened.append(kwargs)
        return SimpleNamespace(start=lambda: None, close=lambda: None)

    InputStream = _stream
    OutputStream = _stream


WINDOWS = FakePortAudio(
    ["MME", "Windows DirectSound", "Windows WASAPI"],
    [
        (0, "Microphone (USB Audio)", 2, 0),
        (0, "Speakers (Realtek)", 0, 2),
        (1, "Microphone (USB Audio)", 2, 0),
        (2, "Microphone (USB Audio)", 1, 0),
        (2, "Headset (Jabra)", 1, 0),
        (2, "Headset (Jabra)", 1, 0),  # two identical headsets
    ],
)


def test_identities_are_host_api_and_name_numbered_for_twins() -> None:
    identities = [d.identity for d in list_sound_devices(WINDOWS)]
    assert identities == [
        "MME/Microphone (USB Audio)",
        "MME/Speakers (Realtek)",
        "Windows DirectSound/Microphone (USB Audio)",
        "Windows WASAPI/Microphone (USB Audio)",
        "Windows WASAPI/Headset (Jabra)",
        "Windows WASAPI/Headset (Jabra)#2",
    ]


def test_an_identity_survives_reordering_and_a_new_device_in_front() -> None:
    before = {d.identity: d for d in list_sound_devices(WINDOWS)}
    replugged = FakePortAudio(
        WINDOWS._host_apis,
        [
            (0, "Webcam Microphone", 1, 0),
            (1, "Webcam Microphone", 1, 0),
            *reversed(WINDOWS._devices),
        ],
    )
    after = {d.identity: d for d in list_sound_devices(replugged)}
    wanted = "Windows WASAPI/Microphone (USB Audio)"
    assert before[wanted].index != after[wanted].index
    choice = choose_sound_device(wanted, list(after.values()), "input")
    assert choice.open_with == after[wanted].index
    assert choice.notice == ""


def test_windows_opens_the_chosen_device_by_its_current_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakePortAudio(WINDOWS._host_apis, WINDOWS._devices)
    monkeypatch.setattr(audio_devices, "_sounddevice", lambda: fake)
    devices = list_sound_devices(fake)
    choice = choose_sound_device("Windows WASAPI/Headset (Jabra)#2", devices, "input")
    stream = audio_devices.open_stream("input", choice.open_with, lambda *_: None)
    stream.close()  # open streams are counted (see audio_devices.rescan_if_idle)
    assert fake.opened == [
        {"device": 5, "samplerate": 48000, "channels": 1, "dtype": "int16", "blocksize": 960,
         "latency": "low", "callback": fake.opened[0]["callback"],
         "finished_callback": fake.opened[0]["finished_callback"]}
    ]  # fmt: skip


def test_macos_core_audio_devices_and_defaults() -> None:
    mac = FakePortAudio(
        ["Core Audio"],
        [(0, "MacBook Pro Microphone", 1, 0), (0, "MacBook Pro Speakers", 0, 2)],
    )
    devices = list_sound_devices(mac)
    assert [d.identity for d in devices] == [
        "Core Audio/MacBook Pro Microphone",
        "Core Audio/MacBook Pro Speakers",
    ]
    assert devices[0].default_input
    assert devices[1].default_output


def test_a_missing_preferred_device_falls_back_to_the_default_with_a_notice() -> None:
    devices = list_sound_devices(WINDOWS)
    choice = choose_sound_device("MME/Gone Headset", devices, "output")
    assert choice.open_with == 1
    assert "not connected" in choice.notice
    assert "Speakers (Realtek)" in choice.notice
    assert choose_sound_device("", devices, "output").notice == ""


def test_no_device_at_all_is_a_clear_message() -> None:
    choice = choose_sound_device("", [], "input")
    assert not choice.found
    assert choice.notice == "No microphone found. Connect one, then test again."
    camera = choose_camera("v4l2/anything", [])
    assert not camera.found
    assert "audio only" in camera.notice


def _fake_v4l(tmp_path: Path) -> tuple[Path, Path]:
    """A sysfs tree and a by-id folder as udev makes them for one USB camera and one without."""
    sysfs, by_id, dev = tmp_path / "sys", tmp_path / "by-id", tmp_path / "dev"
    for node, name, index in [
        ("video0", "HD Pro Webcam C920", "0"),
        ("video1", "HD Pro Webcam C920", "1"),  # metadata node: not a camera
        ("video2", "Integrated Camera: Integrated C", "0"),
    ]:
        (sysfs / node).mkdir(parents=True)
        (sysfs / node / "name").write_text(name + "\n")
        (sysfs / node / "index").write_text(index + "\n")
    dev.mkdir()
    by_id.mkdir()
    for node in ("video0", "video1"):
        (dev / node).touch()
    (by_id / "usb-046d_HD_Pro_Webcam_C920_8A4F-video-index0").symlink_to(dev / "video0")
    (by_id / "usb-046d_HD_Pro_Webcam_C920_8A4F-video-index1").symlink_to(dev / "video1")
    return sysfs, by_id


def test_v4l2_cameras_by_stable_udev_name_skipping_metadata_nodes(tmp_path: Path) -> None:
    sysfs, by_id = _fake_v4l(tmp_path)
    cameras = list_cameras("linux", sysfs=sysfs, by_id=by_id)
    link = by_id / "usb-046d_HD_Pro_Webcam_C920_8A4F-video-index0"
    assert cameras == [
        CameraEntry(
            "v4l2/usb-046d_HD_Pro_Webcam_C920_8A4F-video-index0",
            "HD Pro Webcam C920",
            f"v4l2:{link}",
        ),
        CameraEntry(
            "v4l2/Integrated Camera: Integrated C",
            "Integrated Camera: Integrated C",
            "v4l2:/dev/video2",
        ),
    ]
    assert parse_camera_spec(cameras[0].spec, platform="linux").open_args() == {
        "file": str(link),
        "format": "v4l2",
        "options": {"video_size": "640x480", "framerate": "30"},
    }


def test_no_v4l2_at_all_lists_nothing(tmp_path: Path) -> None:
    assert list_cameras("linux", sysfs=tmp_path / "none", by_id=tmp_path / "none") == []


AVFOUNDATION_LOG = """\
[AVFoundation indev @ 0x7f8] AVFoundation video devices:
[AVFoundation indev @ 0x7f8] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7f8] [1] Anna's iPhone Camera
[AVFoundation indev @ 0x7f8] [2] Capture screen 0
[AVFoundation indev @ 0x7f8] AVFoundation audio devices:
[AVFoundation indev @ 0x7f8] [0] MacBook Pro Microphone
"""


def test_macos_cameras_and_the_arguments_pyav_gets() -> None:
    names = parse_avfoundation_device_list([AVFOUNDATION_LOG])
    assert names == ["FaceTime HD Camera", "Anna's iPhone Camera"]
    cameras = list_cameras("darwin", avfoundation_names=lambda: names)
    assert cameras[0].identity == "avfoundation/FaceTime HD Camera"
    assert parse_camera_spec(cameras[0].spec, platform="darwin").open_args() == {
        "file": "FaceTime HD Camera:none",
        "format": "avfoundation",
        "options": {"video_size": "640x480", "framerate": "30", "pixel_format": "uyvy422"},
    }


def test_windows_cameras_and_the_arguments_pyav_gets() -> None:
    cameras = list_cameras("win32", dshow_names=lambda: ["Integrated Camera", "Integrated Camera"])
    assert [c.identity for c in cameras] == [
        "dshow/Integrated Camera",
        "dshow/Integrated Camera#2",
    ]
    assert parse_camera_spec(cameras[0].spec, platform="win32").open_args() == {
        "file": "video=Integrated Camera",
        "format": "dshow",
        "options": {"video_size": "640x480", "framerate": "30"},
    }
    assert choose_camera("dshow/Gone", cameras).notice.startswith("Your camera")


@pytest.mark.audio
def test_portaudio_through_pulseaudio_lists_the_pulse_device(pulse_null_sink: str) -> None:
    devices = list_sound_devices()
    pulse = next(d for d in devices if d.name == pulse_null_sink)
    assert pulse.identity == "ALSA/pulse"
    assert pulse.can("input")
    assert pulse.can("output")
    assert isinstance(pulse, SoundDeviceEntry)
    choice = choose_sound_device("ALSA/pulse", devices, "output")
    assert choice.open_with == pulse.index
