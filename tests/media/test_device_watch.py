"""The device watcher: a real PulseAudio sink plugged in and pulled out is noticed within seconds;
cameras come and go in a sysfs tree; PortAudio is re-read only while no stream is open."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from media import audio_devices
from media.device_watch import DeviceChange, DeviceSnapshot, DeviceWatcher, changes_between, summary
from media.devices import SoundDeviceEntry, list_v4l2_cameras
from tests.media.conftest import pulse_null_sink  # noqa: F401 - the shared PulseAudio fixture
from tests.media.pulse_helpers import null_sink, unload


class _Changes:
    """Collects what the watcher reports (on its thread) for the test to wait on."""

    def __init__(self) -> None:
        self.seen: list[DeviceChange] = []
        self._arrived = threading.Condition()

    def __call__(self, changes: list[DeviceChange]) -> None:
        with self._arrived:
            self.seen += changes
            self._arrived.notify_all()

    def wait_for(self, kind: str, identity: str, connected: bool, timeout: float) -> float:
        started = time.monotonic()
        with self._arrived:
            found = self._arrived.wait_for(
                lambda: any(
                    (c.kind, c.identity, c.connected) == (kind, identity, connected)
                    for c in self.seen
                ),
                timeout,
            )
        assert found, f"no {kind} {identity} {connected} in {self.seen}"
        return time.monotonic() - started


@pytest.mark.audio
def test_a_sink_plugged_in_and_pulled_out_is_noticed_within_seconds(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    changes = _Changes()
    watcher = DeviceWatcher(interval_s=0.5)
    watcher.add_listener(changes)
    watcher.start()
    try:
        time.sleep(0.3)  # the baseline look
        with null_sink("headset") as module:
            took = changes.wait_for("speaker", "pulse/headset", connected=True, timeout=5)
            assert took < 3
            unload(module)
            took = changes.wait_for("speaker", "pulse/headset", connected=False, timeout=5)
            assert took < 3
    finally:
        watcher.stop()
    connected = next(c for c in changes.seen if c.connected)
    assert connected.text == "Speaker “Null Output” connected"
    assert not any(c.kind == "microphone" for c in changes.seen)  # a monitor is not a microphone


def _video_node(sysfs: Path, number: int, name: str) -> None:
    node = sysfs / f"video{number}"
    node.mkdir(parents=True)
    (node / "name").write_text(name + "\n")
    (node / "index").write_text("0\n")


def test_cameras_coming_and_going_are_reported_by_identity(tmp_path: Path) -> None:
    sysfs, by_id = tmp_path / "sys", tmp_path / "by-id"
    sysfs.mkdir()
    watcher = DeviceWatcher(
        cameras=lambda: list_v4l2_cameras(sysfs, by_id),
        pulse=lambda: ({}, {}),
        rescan_if_idle=lambda _busy: False,
    )
    reported: list[list[DeviceChange]] = []
    watcher.add_listener(reported.append)
    assert watcher.poll() == []  # the first look is the baseline
    _video_node(sysfs, 0, "Integrated Camera")
    assert [c.text for c in watcher.poll()] == ["Camera “Integrated Camera” connected"]
    assert watcher.poll() == []
    for child in (sysfs / "video0").iterdir():
        child.unlink()
    (sysfs / "video0").rmdir()
    removed = watcher.poll()
    assert [(c.identity, c.connected) for c in removed] == [("v4l2/Integrated Camera", False)]
    assert len(reported) == 2


def _sound(index: int, name: str) -> SoundDeviceEntry:
    return SoundDeviceEntry(f"ALSA/{name}", name, "ALSA", index, 1, 2)


def test_without_pulseaudio_portaudio_is_reread_only_when_no_stream_is_open() -> None:
    devices = [_sound(0, "HDA Intel")]
    stream_open = True
    rescans: list[bool] = []

    def rescan_if_idle(busy: object) -> bool:
        rescans.append(not stream_open)
        return not stream_open

    watcher = DeviceWatcher(
        cameras=list, pulse=lambda: None, portaudio=lambda: devices, rescan_if_idle=rescan_if_idle
    )
    watcher.poll()
    devices = [_sound(0, "HDA Intel"), _sound(1, "USB Headset")]
    assert watcher.poll() == []  # a call runs: PortAudio's list stays as it was
    stream_open = False
    found = watcher.poll()
    assert {(c.kind, c.name) for c in found} == {
        ("microphone", "USB Headset"),
        ("speaker", "USB Headset"),
    }
    assert rescans == [False, True]
    assert summary(found) == "Microphone “USB Headset” connected · Speaker “USB Headset” connected"


@pytest.mark.audio
def test_rescan_if_idle_waits_for_open_streams_and_busy_players(
    pulse_null_sink: str,  # noqa: F811
) -> None:
    stream = audio_devices.open_stream("output", pulse_null_sink, lambda out, *_: out.fill(0))
    try:
        assert audio_devices.streams_open() == 1
        assert not audio_devices.rescan_if_idle()
    finally:
        stream.close()
    assert audio_devices.streams_open() == 0
    assert not audio_devices.rescan_if_idle(lambda: True)  # e.g. the ringer is ringing
    assert audio_devices.rescan_if_idle()
    assert "pulse" in [d.name for d in audio_devices.list_devices()]


def test_changes_list_removals_before_arrivals() -> None:
    before = DeviceSnapshot({"v4l2/a": "A"}, {}, {"x": "Old speaker"})
    after = DeviceSnapshot({"v4l2/a": "A"}, {"m": "Mic"}, {"y": "New speaker"})
    assert [c.text for c in changes_between(before, after)] == [
        "Speaker “Old speaker” removed",
        "Microphone “Mic” connected",
        "Speaker “New speaker” connected",
    ]
