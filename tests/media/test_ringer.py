"""The ring: a pleasant two-tone chime; without a sound device it stays silent and never crashes."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from media.ringer import (
    FIRST_NOTE_HZ,
    SAMPLE_RATE,
    SECOND_NOTE_HZ,
    Ringer,
    ring_tone,
)


def dominant_hz(samples: np.ndarray, samplerate: int = SAMPLE_RATE) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / samplerate)[int(np.argmax(spectrum))])


def test_the_tone_is_two_notes_within_the_volume_and_starts_and_ends_silent() -> None:
    tone = ring_tone(volume=0.5)
    assert tone.dtype == np.float32
    assert np.max(np.abs(tone)) == pytest.approx(0.5, abs=1e-3)
    assert abs(tone[0]) < 1e-3
    assert abs(tone[-1]) < 1e-3
    first = tone[int(0.05 * SAMPLE_RATE) : int(0.30 * SAMPLE_RATE)]
    second = tone[int(0.40 * SAMPLE_RATE) : int(0.80 * SAMPLE_RATE)]
    assert dominant_hz(first) == pytest.approx(FIRST_NOTE_HZ, abs=5)
    assert dominant_hz(second) == pytest.approx(SECOND_NOTE_HZ, abs=5)
    quiet = tone[int(2.2 * SAMPLE_RATE) :]
    assert np.max(np.abs(quiet)) == 0.0  # a pause between rings


def test_volume_is_clamped() -> None:
    assert np.max(np.abs(ring_tone(volume=3.0))) <= 1.0
    assert np.max(np.abs(ring_tone(volume=-1.0))) == 0.0


class FakeStream:
    """Hardware stand-in: calls the callback like PortAudio does, from its own thread."""

    def __init__(self, callback: Callable[..., None], frames: int = 4800) -> None:
        self.callback = callback
        self.frames = frames
        self.blocks: list[np.ndarray] = []
        self.started = threading.Event()
        self.closed = threading.Event()

    def start(self) -> None:
        for _ in range(12):  # 1.2 s of sound at 48 kHz
            out = np.zeros((self.frames, 1), dtype=np.float32)
            self.callback(out, self.frames, None, None)
            self.blocks.append(out[:, 0].copy())
        self.started.set()

    def stop(self) -> None: ...

    def close(self) -> None:
        self.closed.set()


def test_the_callback_plays_the_tone_in_a_loop() -> None:
    streams: list[FakeStream] = []

    def factory(_rate: int, _device: object, callback: Callable[..., None]) -> FakeStream:
        streams.append(FakeStream(callback, frames=SAMPLE_RATE))  # 1 s blocks
        return streams[-1]

    ringer = Ringer(volume=0.6, stream_factory=factory)
    ringer.start()
    assert ringer.wait_until_idle()
    played = np.concatenate(streams[0].blocks)
    tone = ring_tone(volume=0.6)
    assert np.array_equal(played[: len(tone)], tone)
    assert np.array_equal(played[len(tone) : 2 * len(tone)], tone)  # loops seamlessly
    ringer.stop()
    assert ringer.wait_until_idle()
    assert streams[0].closed.is_set()
    assert not ringer.silent
    ringer.close()


def test_a_failing_device_logs_once_and_stays_silent(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_rate: int, _device: object, _callback: Callable[..., None]) -> FakeStream:
        raise OSError("PortAudio library not found")

    ringer = Ringer(stream_factory=broken)
    with caplog.at_level(logging.WARNING, logger="media.ringer"):
        for _ in range(3):
            ringer.start()
            assert ringer.wait_until_idle()
            assert ringer.silent
            ringer.stop()
    warnings = [r for r in caplog.records if r.name == "media.ringer"]
    assert len(warnings) == 1
    assert "ringing silently" in warnings[0].getMessage()
    ringer.close()


def test_start_and_stop_never_wait_for_the_device() -> None:
    release = threading.Event()

    class SlowStream(FakeStream):
        def start(self) -> None:
            release.wait(5)  # a device that takes its time to open

    ringer = Ringer(stream_factory=lambda _r, _d, cb: SlowStream(cb))
    began = time.monotonic()
    ringer.start()
    ringer.stop()
    ringer.start()
    assert time.monotonic() - began < 0.1
    release.set()
    assert ringer.wait_until_idle()
    ringer.close()


def test_without_a_sound_card_the_real_ringer_does_not_crash() -> None:
    ringer = Ringer()  # the real sounddevice path; this machine has no output device
    ringer.start()
    assert ringer.ringing
    assert ringer.wait_until_idle(10)
    ringer.stop()
    assert ringer.wait_until_idle(10)
    assert not ringer.ringing
    ringer.close()
