"""The ring of an incoming live call: a soft two-tone chime, generated in code, played in a loop.

Sound goes through a sounddevice `OutputStream` whose callback runs on PortAudio's own thread and
only copies from a ready buffer. Opening and closing the stream happen on a small worker thread,
so `start()` and `stop()` return at once. Without an output device, or when PortAudio fails, the
ringer logs once and stays silent: a missing speaker must never stop the advisor from working.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

SAMPLE_RATE = 48_000
# Two notes a major third apart (E5 then C5): friendly, clearly a ring, not an alarm.
FIRST_NOTE_HZ = 659.25
SECOND_NOTE_HZ = 523.25
NOTE_SECONDS = (0.32, 0.55)
PAIR_GAP_SECONDS = 0.18
CYCLE_SECONDS = 3.0  # one chime pair twice, then quiet until the cycle ends

Samples = npt.NDArray[np.float32]


def _note(frequency: float, seconds: float, samplerate: int) -> Samples:
    t = np.arange(int(seconds * samplerate), dtype=np.float64) / samplerate
    # A little second and third harmonic make it a bell rather than a test tone.
    wave = (
        np.sin(2 * np.pi * frequency * t)
        + 0.25 * np.sin(2 * np.pi * 2 * frequency * t)
        + 0.08 * np.sin(2 * np.pi * 3 * frequency * t)
    )
    attack = np.minimum(1.0, t / 0.012)  # 12 ms: no click at the onset
    decay = np.exp(-t * 4.5)
    release = np.minimum(1.0, (seconds - t) / 0.02)  # 20 ms fade to exact silence
    return (wave * attack * decay * release).astype(np.float32)


def ring_tone(samplerate: int = SAMPLE_RATE, volume: float = 0.6) -> Samples:
    """One ring cycle, mono float32 in [-volume, volume], starting and ending in silence."""
    volume = float(np.clip(volume, 0.0, 1.0))
    first = _note(FIRST_NOTE_HZ, NOTE_SECONDS[0], samplerate)
    second = _note(SECOND_NOTE_HZ, NOTE_SECONDS[1], samplerate)
    gap = np.zeros(int(PAIR_GAP_SECONDS * samplerate), dtype=np.float32)
    chime = np.concatenate([first, second, gap, first, second])
    cycle = np.zeros(int(CYCLE_SECONDS * samplerate), dtype=np.float32)
    cycle[: len(chime)] = chime
    peak = float(np.max(np.abs(cycle))) or 1.0
    return (cycle * (volume / peak)).astype(np.float32)


class OutputStreamLike(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


# (samplerate, device, callback) -> an unstarted output stream
StreamFactory = Callable[[int, "str | int | None", Callable[..., None]], OutputStreamLike]


def sounddevice_stream(
    samplerate: int, device: str | int | None, callback: Callable[..., None]
) -> OutputStreamLike:
    """A real mono output stream (imported late: a missing PortAudio library raises OSError)."""
    import sounddevice as sd

    stream: OutputStreamLike = sd.OutputStream(
        samplerate=samplerate,
        channels=1,
        dtype="float32",
        device=device,
        callback=callback,
        latency="high",  # a ring needs no low latency; fewer underruns on a busy machine
    )
    return stream


class Ringer:
    """Loops the ring tone while `start()`ed; `stop()` silences it. Both never block."""

    def __init__(
        self,
        device: str | int | None = None,
        volume: float = 0.6,
        samplerate: int = SAMPLE_RATE,
        stream_factory: StreamFactory = sounddevice_stream,
    ) -> None:
        self._device = device
        self._samplerate = samplerate
        self._tone = ring_tone(samplerate, volume)
        self._position = 0
        self._factory = stream_factory
        self._stream: OutputStreamLike | None = None
        self._wanted = False
        self._silent = False
        self._warned = False
        self._commands: queue.Queue[str | threading.Event] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def ringing(self) -> bool:
        """Whether a ring was asked for (even if it is silent for want of a device)."""
        return self._wanted

    @property
    def silent(self) -> bool:
        """True when the last attempt to play failed (no device, PortAudio error)."""
        return self._silent

    def start(self) -> None:
        if not self._wanted:
            self._wanted = True
            self._send("start")

    def stop(self) -> None:
        if self._wanted:
            self._wanted = False
            self._send("stop")

    def close(self, timeout: float = 3.0) -> None:
        """Stops and ends the worker (at app exit), waiting up to `timeout` for the stream to close.

        The wait matters: PortAudio's own exit handler hangs on a stream that is still open
        (seen with PulseAudio when the app quit while ringing).
        """
        self._wanted = False
        self._send("close")
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout)

    def wait_until_idle(self, timeout: float = 5.0) -> bool:
        """Waits until the worker has carried out every command (for tests and shutdown)."""
        done = threading.Event()
        self._send(done)
        return done.wait(timeout)

    def _send(self, command: str | threading.Event) -> None:
        with self._lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="ringer", daemon=True)
                self._worker.start()
        self._commands.put(command)

    def _work(self) -> None:
        while True:
            command = self._commands.get()
            try:
                if isinstance(command, threading.Event):
                    command.set()
                elif command == "start":
                    self._open_and_play()
                elif command in ("stop", "close"):
                    self._close_stream()
            finally:
                self._commands.task_done()
            if command == "close":
                return

    def _open_and_play(self) -> None:
        if self._stream is not None or not self._wanted:
            return
        self._position = 0
        try:
            stream = self._factory(self._samplerate, self._device, self._fill)
            stream.start()
        except Exception as exc:  # PortAudio, OSError, ValueError: all mean "no sound here"
            self._silent = True
            if not self._warned:
                self._warned = True
                log.warning(
                    "cannot play the ring (%s: %s); ringing silently", type(exc).__name__, exc
                )
            return
        self._silent = False
        self._stream = stream

    def _close_stream(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            stream.stop()
            stream.close()
        except Exception as exc:  # a failing device must not break the app
            log.debug("closing the ring stream failed: %s", type(exc).__name__)

    def _fill(self, outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        """PortAudio callback: copy the next `frames` samples of the looping tone; no waiting."""
        tone = self._tone
        out = outdata[:, 0]
        position = self._position
        filled = 0
        while filled < frames:
            take = min(frames - filled, len(tone) - position)
            out[filled : filled + take] = tone[position : position + take]
            filled += take
            position = (position + take) % len(tone)
        self._position = position
