"""The microphone level meter: loudness, clipping, too quiet, silent, noise floor."""

from __future__ import annotations

import numpy as np
import pytest

from media.level_meter import LevelMeter, read_level


def _tone(amplitude: float, n: int = 960) -> np.ndarray:
    t = np.arange(n) / 48000
    return np.clip(amplitude * 32767 * np.sin(2 * np.pi * 440 * t), -32768, 32767).astype(np.int16)


def test_a_clean_tone_reads_its_level_without_clipping() -> None:
    reading = read_level(_tone(0.5))
    assert reading.level_dbfs == pytest.approx(-9.0, abs=0.2)  # a sine is 3 dB below its peak
    assert reading.peak_dbfs == pytest.approx(-6.0, abs=0.1)
    assert not reading.clipping


def test_an_overdriven_tone_clips() -> None:
    assert read_level(_tone(3.0)).clipping


def test_assessment_tells_speech_level_noise_floor_and_clipping() -> None:
    meter = LevelMeter()
    for i in range(100):
        meter.feed(_tone(0.3) if i % 2 else _tone(0.001))
    result = meter.assess()
    assert result.speech_dbfs == pytest.approx(-13.5, abs=0.5)
    assert result.noise_floor_dbfs == pytest.approx(-63, abs=1)
    assert [result.clipping, result.too_quiet, result.noisy, result.silent] == [False] * 4


def test_a_quiet_and_a_silent_microphone_are_told_apart() -> None:
    quiet, silent = LevelMeter(), LevelMeter()
    for _ in range(50):
        quiet.feed(_tone(0.003))
        silent.feed(np.zeros(960, dtype=np.int16))
    assert quiet.assess().too_quiet
    assert silent.assess().silent
    assert not silent.assess().too_quiet


def test_a_loud_background_is_noisy_and_clipping_needs_more_than_a_blip() -> None:
    meter = LevelMeter()
    for i in range(200):
        meter.feed(_tone(3.0) if i == 0 else _tone(0.05))
    result = meter.assess()
    assert result.noisy
    assert not result.clipping
    meter.reset()
    assert meter.assess().blocks == 0
