"""The playout buffer: prebuffers to the target, drops the oldest above max, fills gaps."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from media.jitter_buffer import JitterBuffer

MS = 48  # samples per millisecond at 48 kHz


def _ramp(start: int, count: int) -> np.ndarray:
    return np.arange(start, start + count, dtype=np.int16)


def test_silence_until_the_target_is_buffered_then_audio_in_order() -> None:
    buffer = JitterBuffer(target_ms=60, max_ms=200)
    buffer.push(_ramp(1, 40 * MS))
    assert not buffer.pull(20 * MS).any()  # 40 ms < 60 ms target: still prebuffering
    assert buffer.underruns == 0
    buffer.push(_ramp(1 + 40 * MS, 20 * MS))
    played = np.concatenate([buffer.pull(20 * MS) for _ in range(3)])
    assert played.tolist() == _ramp(1, 60 * MS).tolist()
    assert buffer.played_samples == 60 * MS
    assert buffer.underruns == 0


def test_running_dry_plays_silence_counts_one_underrun_and_prebuffers_again() -> None:
    buffer = JitterBuffer(target_ms=60, max_ms=200)
    buffer.push(_ramp(1, 70 * MS))
    buffer.pull(60 * MS)
    out = buffer.pull(20 * MS)  # only 10 ms left
    assert out[: 10 * MS].tolist() == _ramp(1 + 60 * MS, 10 * MS).tolist()
    assert not out[10 * MS :].any()
    assert buffer.underruns == 1
    assert not buffer.pull(20 * MS).any()  # dry spell: one underrun, not one per pull
    assert buffer.underruns == 1
    buffer.push(_ramp(5, 30 * MS))
    assert not buffer.pull(20 * MS).any()  # prebuffering again to the target
    buffer.push(_ramp(5, 30 * MS))
    assert buffer.pull(20 * MS).any()


def test_piling_up_drops_the_oldest_back_to_the_target() -> None:
    buffer = JitterBuffer(target_ms=60, max_ms=200)
    buffer.push(_ramp(0, 190 * MS))
    assert buffer.dropped_samples == 0
    buffer.push(_ramp(190 * MS, 20 * MS))  # 210 ms > 200 ms
    assert buffer.buffered_samples == 60 * MS
    assert buffer.dropped_samples == 150 * MS
    assert buffer.pull(10)[0] == 150 * MS  # the newest audio was kept


def test_pull_is_always_the_requested_length() -> None:
    buffer = JitterBuffer()
    for count in (0, 1, 960, 4096):
        assert buffer.pull(count).shape == (count,)


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="target_ms < max_ms"):
        JitterBuffer(target_ms=200, max_ms=60)


def test_concurrent_push_and_pull_lose_nothing() -> None:
    buffer = JitterBuffer(target_ms=10, max_ms=10_000)
    total = 200 * 960

    def produce() -> None:
        for _ in range(0, total, 960):
            buffer.push(np.ones(960, dtype=np.int16))

    producer = threading.Thread(target=produce)
    producer.start()
    played = 0
    while producer.is_alive() or buffer.buffered_samples:
        played += int(buffer.pull(480).sum())
    producer.join()
    assert played == total == buffer.played_samples
