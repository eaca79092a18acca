"""Device specs become exactly the arguments `av.open` gets, on every OS."""

from __future__ import annotations

import pytest

from media.device_spec import (
    CameraSpec,
    CaptureSettings,
    DeviceSpecError,
    NoAudioDevice,
    SoundDevice,
    SyntheticAudio,
    default_camera_spec,
    parse_audio_spec,
    parse_camera_spec,
    parse_dshow_device_list,
    synthetic_camera_spec,
)


def test_v4l2_on_linux() -> None:
    spec = parse_camera_spec("v4l2:/dev/video0", platform="linux")
    assert spec.open_args() == {
        "file": "/dev/video0",
        "format": "v4l2",
        "options": {"video_size": "640x480", "framerate": "30"},
    }
    assert spec.live


def test_v4l2_with_mjpeg_and_a_bare_device_path() -> None:
    settings = CaptureSettings(width=1280, height=720, fps=25, pixel_format="mjpeg")
    spec = parse_camera_spec("/dev/video2", settings, platform="linux")
    assert spec.open_args() == {
        "file": "/dev/video2",
        "format": "v4l2",
        "options": {"video_size": "1280x720", "framerate": "25", "input_format": "mjpeg"},
    }


def test_avfoundation_on_macos_picks_a_pixel_format_and_leaves_audio_out() -> None:
    spec = parse_camera_spec("avfoundation:0", platform="darwin")
    assert spec.open_args() == {
        "file": "0:none",
        "format": "avfoundation",
        "options": {"video_size": "640x480", "framerate": "30", "pixel_format": "uyvy422"},
    }


def test_avfoundation_by_name_without_prefix_and_explicit_audio() -> None:
    assert (
        parse_camera_spec("FaceTime HD Camera", platform="darwin").file == "FaceTime HD Camera:none"
    )
    assert parse_camera_spec("avfoundation:1:none", platform="darwin").file == "1:none"


def test_dshow_on_windows() -> None:
    spec = parse_camera_spec("dshow:video=Integrated Camera", platform="win32")
    assert spec.open_args() == {
        "file": "video=Integrated Camera",
        "format": "dshow",
        "options": {"video_size": "640x480", "framerate": "30"},
    }


def test_dshow_bare_name_and_mjpeg_as_codec() -> None:
    settings = CaptureSettings(pixel_format="mjpeg")
    spec = parse_camera_spec("USB2.0 HD UVC WebCam", settings, platform="win32")
    assert spec.file == "video=USB2.0 HD UVC WebCam"
    assert spec.options["vcodec"] == "mjpeg"
    assert "pixel_format" not in spec.options


def test_lavfi_graph_is_passed_through_untouched() -> None:
    spec = parse_camera_spec("lavfi:testsrc2=size=640x480:rate=30", platform="linux")
    assert spec == CameraSpec("lavfi", "testsrc2=size=640x480:rate=30", {})
    assert not spec.live
    assert synthetic_camera_spec() == spec


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("linux", ("v4l2", "/dev/video0")),
        ("darwin", ("avfoundation", "0:none")),
        ("win32", ("dshow", "video=Logitech C920")),
    ],
)
def test_default_camera_per_os(platform: str, expected: tuple[str, str]) -> None:
    spec = default_camera_spec(platform, list_dshow_devices=lambda: ["Logitech C920", "OBS"])
    assert (spec.format, spec.file) == expected


def test_windows_without_any_camera_is_a_clear_error() -> None:
    with pytest.raises(DeviceSpecError, match="no DirectShow camera"):
        default_camera_spec("win32", list_dshow_devices=list)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "empty camera spec"),
        ("   ", "empty camera spec"),
        ("v4l2:", "names no device"),
        ("webcam:/dev/video0", "unknown camera format 'webcam'"),
    ],
)
def test_bad_camera_specs_are_explained(spec: str, message: str) -> None:
    with pytest.raises(DeviceSpecError, match=message):
        parse_camera_spec(spec, platform="linux")


def test_unsupported_os_needs_lavfi() -> None:
    with pytest.raises(DeviceSpecError, match="lavfi"):
        parse_camera_spec("/dev/cam", platform="sunos5")
    assert parse_camera_spec("lavfi:testsrc2", platform="sunos5").format == "lavfi"


def test_dshow_listing_new_and_old_ffmpeg_layouts() -> None:
    new = [
        '"Integrated Camera" (video)\n',
        '  Alternative name "@device_pnp_\\\\?\\usb#vid_04f2"\n',
        '"Microphone (Realtek Audio)" (audio)\n',
        '"OBS Virtual Camera" (none)\n',
        '"Logitech BRIO" (video)\n',
    ]
    assert parse_dshow_device_list(new) == ["Integrated Camera", "Logitech BRIO"]
    old = [
        "DirectShow video devices (some may be both video and audio devices)\n",
        ' "HD Webcam"\n',
        '    Alternative name "@device_pnp_x"\n',
        "DirectShow audio devices\n",
        ' "Mikrofon (USB)"\n',
    ]
    assert parse_dshow_device_list(old) == ["HD Webcam"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, SoundDevice(None)),
        ("", SoundDevice(None)),
        ("default", SoundDevice(None)),
        ("3", SoundDevice(3)),
        (7, SoundDevice(7)),
        ("pulse", SoundDevice("pulse")),
        ("USB Headset: Audio (hw:1,0)", SoundDevice("USB Headset: Audio (hw:1,0)")),
        ("none", NoAudioDevice()),
        (
            "lavfi:sine=frequency=440:sample_rate=48000",
            SyntheticAudio("sine=frequency=440:sample_rate=48000"),
        ),
    ],
)
def test_audio_specs(text: str | int | None, expected: object) -> None:
    assert parse_audio_spec(text) == expected


def test_lavfi_audio_spec_needs_a_graph() -> None:
    with pytest.raises(DeviceSpecError, match="needs a graph"):
        parse_audio_spec("lavfi:")
