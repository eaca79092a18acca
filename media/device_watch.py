"""Notices cameras, microphones and speakers being plugged in or pulled out, within seconds.

A `DeviceWatcher` looks every `POLL_S` seconds on its own thread and tells its listeners what
changed (`DeviceChange`); the settings dialog refreshes its lists, the main window shows a short
notice. Where it looks, and why:

- cameras: ``/sys/class/video4linux`` and ``/dev/v4l/by-id`` (`media.devices.list_cameras`):
  reading a few small files costs nothing and never touches a camera in use;
- sound devices, with PulseAudio (``pactl`` present and answering): PulseAudio's sinks and
  sources (`media.device_watch_pulse`). This is cheap, never disturbs a running stream, and sees
  the real devices, which PortAudio hides behind its one ``pulse`` device;
- sound devices, without PulseAudio (Windows, macOS, bare ALSA): PortAudio's own list. PortAudio
  reads it once and reading it again closes every open stream, so it is re-read only while no
  stream is open and nothing else says it is busy (the ringer, through ``busy``); while a call
  runs, changes are noticed when it ends.

Either way, after a change PortAudio's list is re-read as soon as no stream is open, so that a
preferred device that came back is found by identity for the next call (`media.devices.choose_*`).
Camera and PortAudio identities are the ones the settings store; PulseAudio devices are named
``pulse/NAME`` here, for notices only.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from advisor_app.domain.devices import DeviceChange, Kind
from media import audio_devices
from media.audio_devices import AudioDeviceError
from media.device_watch_pulse import PulseDevice, list_pulse_devices
from media.devices import CameraEntry, SoundDeviceEntry, list_cameras, list_sound_devices

log = logging.getLogger(__name__)

POLL_S = 2.0
_KINDS: tuple[Kind, ...] = ("camera", "microphone", "speaker")


@dataclass(frozen=True, slots=True)
class DeviceSnapshot:
    """What is connected now, per kind: identity → the name people see."""

    cameras: Mapping[str, str] = field(default_factory=dict)
    microphones: Mapping[str, str] = field(default_factory=dict)
    speakers: Mapping[str, str] = field(default_factory=dict)

    def of(self, kind: Kind) -> Mapping[str, str]:
        return {"camera": self.cameras, "microphone": self.microphones, "speaker": self.speakers}[
            kind
        ]


def changes_between(before: DeviceSnapshot, after: DeviceSnapshot) -> list[DeviceChange]:
    """Removals first, then arrivals, each in kind order (camera, microphone, speaker)."""
    removed, added = [], []
    for kind in _KINDS:
        old, new = before.of(kind), after.of(kind)
        removed += [DeviceChange(kind, i, old[i], False) for i in old if i not in new]
        added += [DeviceChange(kind, i, new[i], True) for i in new if i not in old]
    return removed + added


def summary(changes: Sequence[DeviceChange]) -> str:
    """One line for the main window: "Speaker “Headset” connected · Microphone “…” connected"."""
    return " · ".join(change.text for change in changes)


# -- where sound devices are seen --------------------------------------------------------------

SoundView = tuple[Mapping[str, str], Mapping[str, str]]  # (microphones, speakers)
PulseLister = Callable[[Literal["input", "output"]], "list[PulseDevice] | None"]
Rescan = Callable[[Callable[[], bool]], bool]


def pulse_view(lister: PulseLister = list_pulse_devices) -> SoundView | None:
    """PulseAudio's sources and sinks, or None without PulseAudio."""
    sources, sinks = lister("input"), lister("output")
    if sources is None or sinks is None:
        return None
    return (
        {f"pulse/{d.name}": d.description for d in sources},
        {f"pulse/{d.name}": d.description for d in sinks},
    )


def portaudio_view(entries: Sequence[SoundDeviceEntry]) -> SoundView:
    return (
        {d.identity: d.name for d in entries if d.can("input")},
        {d.identity: d.name for d in entries if d.can("output")},
    )


class DeviceWatcher:
    """Polls for devices on its own thread; listeners get the changes on that thread.

    The sources are injectable so that tests can stand in for hardware the machine lacks;
    by default they are the real ones described in the module docstring.
    """

    def __init__(
        self,
        *,
        interval_s: float = POLL_S,
        busy: Callable[[], bool] = lambda: False,
        cameras: Callable[[], Sequence[CameraEntry]] = list_cameras,
        pulse: Callable[[], SoundView | None] = pulse_view,
        portaudio: Callable[[], Sequence[SoundDeviceEntry]] = list_sound_devices,
        rescan_if_idle: Rescan = audio_devices.rescan_if_idle,
    ) -> None:
        self._interval_s = interval_s
        self._busy = busy
        self._cameras = cameras
        self._pulse = pulse
        self._portaudio = portaudio
        self._rescan_if_idle = rescan_if_idle
        self._listeners: list[Callable[[list[DeviceChange]], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._portaudio_stale = False
        self.snapshot: DeviceSnapshot | None = None
        """What the last look found (None before the first)."""

    def add_listener(self, listener: Callable[[list[DeviceChange]], None]) -> Callable[[], None]:
        """``listener(changes)`` after each look that found a change; returns an unsubscribe."""
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    def start(self) -> None:
        """Looks once at once (the baseline, no report), then every ``interval_s``."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="device watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def poll(self) -> list[DeviceChange]:
        """One look now (any thread but the listeners'); reports and returns what changed."""
        now = self._look()
        before, self.snapshot = self.snapshot, now
        if before is None:
            return []
        changes = changes_between(before, now)
        if changes:
            log.info("devices changed: %s", summary(changes))
            self._portaudio_stale = True
            with self._lock:
                listeners = list(self._listeners)
            for listener in listeners:
                try:
                    listener(changes)
                except Exception:  # one broken listener must not stop the others or the watch
                    log.exception("device change listener failed")
        return changes

    def _run(self) -> None:
        while True:
            try:
                self.poll()
            except Exception:  # a failing look is logged and retried; the watch never dies
                log.exception("looking for devices failed")
            if self._stop.wait(self._interval_s):
                return

    def _look(self) -> DeviceSnapshot:
        cameras = {c.identity: c.name for c in self._cameras()}
        sound = self._pulse()
        if sound is not None:
            # PulseAudio saw it; bring PortAudio's list up to date once nothing plays.
            if self._portaudio_stale and self._rescan_if_idle(self._busy):
                self._portaudio_stale = False
        else:
            sound = self._portaudio_sound()
        return DeviceSnapshot(cameras, sound[0], sound[1])

    def _portaudio_sound(self) -> SoundView:
        previous = self.snapshot
        if previous is not None and not self._rescan_if_idle(self._busy):
            return previous.microphones, previous.speakers  # a stream is open: look later
        self._portaudio_stale = False
        try:
            return portaudio_view(self._portaudio())
        except AudioDeviceError:
            return {}, {}
