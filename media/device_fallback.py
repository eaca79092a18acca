"""A microphone or speaker stream that survives losing its device in the middle of a call.

Two ways a sound device goes away while a stream runs, and both are handled here:

- PortAudio ends the stream by itself (a USB headset pulled out, the sound server dropped the
  stream): `media.audio_devices` reports it through ``on_lost``, and the stream is reopened on
  the next working device: the system default first, then every other device that can do the
  job, in PortAudio's order. PortAudio's list may be old (it cannot be read again while other
  streams run); a device in it that is gone simply fails to open and the next one is tried.
- PulseAudio removes the sink or source the stream was on and moves the stream to another one by
  itself: the stream never fails, so PortAudio says nothing. A light check (``pactl`` every
  `ROUTE_CHECK_S`) sees our streams change device and says so.

Either way the advisor gets a notice (``on_notice``, called on the loop) saying what happened and
what is used now, and the audio goes on; only when nothing works does the notice say so. One
device going away is one notice: when PulseAudio moved the stream and PortAudio ends it shortly
after (the ALSA plugin fails to recreate a stream that underran during the move), the reopening
that follows is the same event and is only logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Literal

from advisor_app.domain.texts import N_
from media.audio_devices import AudioDeviceError, AudioStream, StreamCallback, open_stream
from media.device_watch_pulse import list_pulse_devices, our_stream_devices
from media.devices import SoundDeviceEntry, list_sound_devices

log = logging.getLogger(__name__)

Direction = Literal["input", "output"]
Notice = Callable[[str], None]
ROUTE_CHECK_S = 2.0
# A PortAudio loss this soon after a PulseAudio move is the tail of that move (seen here: 0.1-2 s).
SAME_EVENT_S = 5.0

SoundDevice = int | str | None
DeviceLister = Callable[[], Sequence[SoundDeviceEntry]]


def what(direction: Direction) -> str:
    return (
        N_("DeviceFallback", "microphone")
        if direction == "input"
        else N_("DeviceFallback", "speaker")
    )


def fallback_candidates(
    direction: Direction, failed: SoundDevice, devices: Sequence[SoundDeviceEntry]
) -> list[SoundDeviceEntry]:
    """The devices to try after ``failed`` stopped: the system default first, then the others
    that can record (``input``) or play (``output``), never ``failed`` itself."""
    usable = [d for d in devices if d.can(direction)]
    failed_entry = _entry_for(failed, usable, direction)
    rest = [d for d in usable if d != failed_entry]

    def is_default(entry: SoundDeviceEntry) -> bool:
        return entry.default_input if direction == "input" else entry.default_output

    return sorted(rest, key=lambda d: not is_default(d))  # stable: PortAudio's order otherwise


def _entry_for(
    device: SoundDevice, devices: Sequence[SoundDeviceEntry], direction: Direction
) -> SoundDeviceEntry | None:
    for entry in devices:
        if device is None and (
            entry.default_input if direction == "input" else entry.default_output
        ):
            return entry
        if isinstance(device, int) and entry.index == device:
            return entry
        if isinstance(device, str) and device in (entry.name, str(entry.index)):
            return entry
    return None


def describe(device: SoundDevice, devices: Sequence[SoundDeviceEntry], direction: Direction) -> str:
    entry = _entry_for(device, devices, direction)
    if entry is not None:
        return entry.name
    return "the system default" if device is None else str(device)


class FallbackStream:
    """An `open_stream` stream that moves to another device when its own goes away.

    Create it on the loop; `open()` blocks (run it in a thread) and raises `AudioDeviceError`
    like `open_stream`. ``on_notice`` is called on ``loop`` when the device changed.
    """

    def __init__(
        self,
        direction: Direction,
        device: SoundDevice,
        callback: StreamCallback,
        *,
        loop: asyncio.AbstractEventLoop,
        on_notice: Notice | None = None,
        devices: DeviceLister = list_sound_devices,
        route_check_s: float | None = ROUTE_CHECK_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.direction = direction
        self.device = device
        self._callback = callback
        self._loop = loop
        self._on_notice = on_notice or (lambda text: log.warning("%s", text))
        self._devices = devices
        self._route_check_s = route_check_s
        self._stream: AudioStream | None = None
        self._closed = False
        self._tasks: set[asyncio.Future[None]] = set()
        self._route: frozenset[str] | None = None  # PulseAudio devices our streams were on
        self._monotonic = monotonic
        self._moved_at: float | None = None  # when PulseAudio last moved us (notice given)
        self.switches = 0
        """How many times the stream moved to another device (PortAudio or PulseAudio)."""
        self.lost = False
        """True when the device went away and no other one could be opened."""

    @property
    def latency(self) -> object:
        return getattr(self._stream, "latency", None)

    @property
    def is_open(self) -> bool:
        return self._stream is not None

    def open(self) -> None:
        """Opens the stream on ``device`` (blocking) and starts watching where it plays."""
        self._stream = open_stream(self.direction, self.device, self._callback, on_lost=self._lost)
        if self._route_check_s is not None:
            self._loop.call_soon_threadsafe(self._spawn, self._watch_route())

    def close(self) -> None:
        """Closes the stream (any thread); no notice follows."""
        self._closed = True
        for task in list(self._tasks):
            with contextlib.suppress(RuntimeError):  # the loop already closed
                self._loop.call_soon_threadsafe(task.cancel)
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    # -- PortAudio ended the stream ------------------------------------------------------------

    def _lost(self) -> None:  # PortAudio's thread
        if self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the loop closed during shutdown
            self._loop.call_soon_threadsafe(self._spawn, self._recover())

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        if self._closed:
            work.close()
            return
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _recover(self) -> None:
        dead, self._stream = self._stream, None
        if dead is not None:
            await asyncio.to_thread(dead.close)
        devices = await asyncio.to_thread(self._list_devices)
        # Behind PortAudio's "pulse" device, the PulseAudio device that went away has a name.
        route, self._route = self._route, None  # the route check starts afresh after the move
        old = sorted(route)[0] if route else describe(self.device, devices, self.direction)
        log.warning("%s %s stopped; trying other devices", what(self.direction), old)
        for candidate in fallback_candidates(self.direction, self.device, devices):
            if self._closed:
                return
            try:
                stream = await asyncio.to_thread(
                    open_stream, self.direction, candidate.index, self._callback,
                    on_lost=self._lost,
                )  # fmt: skip
            except AudioDeviceError as exc:
                log.info("%s %s cannot be opened: %s", what(self.direction), candidate.name, exc)
                continue
            if self._closed:
                await asyncio.to_thread(stream.close)
                return
            self._stream, self.device = stream, candidate.index
            self.switches += 1
            if self._tail_of_a_move():
                log.info("%s reopened on %s after the move", what(self.direction), candidate.name)
                return
            self._on_notice(
                N_(
                    "DeviceFallback", "Your {device} “{old}” stopped working: now using “{new}”."
                ).format(device=what(self.direction), old=old, new=candidate.name)
            )
            return
        self.lost = True
        self._on_notice(
            N_(
                "DeviceFallback",
                "Your {device} “{old}” stopped working and no other {other} was found.",
            ).format(device=what(self.direction), old=old, other=what(self.direction))
        )

    def _tail_of_a_move(self) -> bool:
        """True when PulseAudio moved us moments ago: the advisor has been told already."""
        moved_at = self._moved_at
        return moved_at is not None and self._monotonic() - moved_at <= SAME_EVENT_S

    def _list_devices(self) -> Sequence[SoundDeviceEntry]:
        try:
            return self._devices()
        except AudioDeviceError:
            return []

    # -- PulseAudio moved the stream -----------------------------------------------------------

    async def _watch_route(self) -> None:
        assert self._route_check_s is not None
        self._route = await asyncio.to_thread(our_stream_devices, self.direction)
        if self._route is None:
            return  # no PulseAudio: PortAudio's own reports are all there is
        while not self._closed:
            await asyncio.sleep(self._route_check_s)
            previous = self._route
            now = await asyncio.to_thread(our_stream_devices, self.direction)
            if now is None:
                return
            if previous is None:  # a PortAudio recovery happened meanwhile: a new baseline
                self._route = now
                continue
            gone = previous - now
            if gone and now and not self._closed:
                present = await asyncio.to_thread(
                    list_pulse_devices, self.direction, include_monitors=True
                )
                removed = sorted(gone - {d.name for d in present or []})
                if removed:
                    self.switches += 1
                    self._moved_at = self._monotonic()
                    self._on_notice(
                        N_(
                            "DeviceFallback",
                            "Your {device} “{old}” was disconnected: now using “{new}”.",
                        ).format(device=what(self.direction), old=removed[0], new=sorted(now)[0])
                    )
            if self._route is not None:
                self._route = now
