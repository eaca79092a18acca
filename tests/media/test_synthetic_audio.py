"""The synthetic microphone decodes ahead but hands on the same 20 ms blocks, in order."""

from __future__ import annotations

import threading

import av
import numpy as np

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, Samples, frame_samples
from media.synthetic_audio import AHEAD_SAMPLES, SyntheticAudioSource, _blocks

# 44.1 kHz (resampled) and a length that is no whole number of blocks or of batches ahead.
GRAPH = "sine=frequency=440:sample_rate=44100:duration=0.51"


def blocks_one_at_a_time(graph: str) -> list[Samples]:
    """What a block-by-block decoder makes of the graph (PyAV's own framing), last one padded."""
    resampler = av.AudioResampler(
        format="s16", layout="mono", rate=SAMPLE_RATE, frame_size=FRAME_SAMPLES
    )
    with av.open(graph, format="lavfi") as container:
        frames = [f for d in container.decode(audio=0) for f in resampler.resample(d)]
    frames += resampler.resample(None)
    blocks = [frame_samples(f) for f in frames]
    blocks[-1] = np.pad(blocks[-1], (0, FRAME_SAMPLES - blocks[-1].size))
    return blocks


def test_blocks_made_ahead_are_the_sound_block_by_block() -> None:
    with av.open(GRAPH, format="lavfi") as container:
        ahead = list(_blocks(container))
    expected = blocks_one_at_a_time(GRAPH)
    assert len(ahead) == len(expected) == 26  # 0.51 s: 25.5 blocks, the last one padded
    assert len(ahead) * FRAME_SAMPLES > 2 * AHEAD_SAMPLES  # more than one batch ahead
    assert all(block.dtype == np.int16 and block.shape == (FRAME_SAMPLES,) for block in ahead)
    assert np.array_equal(np.concatenate(ahead), np.concatenate(expected))
    assert not ahead[-1][FRAME_SAMPLES // 2 :].any()  # the padding is silence


def test_the_source_hands_on_every_block_then_stops() -> None:
    delivered: list[Samples] = []
    done = threading.Event()

    def deliver(samples: Samples) -> None:
        delivered.append(samples)
        if len(delivered) == 26:
            done.set()

    source = SyntheticAudioSource(GRAPH, deliver)
    source.start()
    assert done.wait(10)
    source.stop()
    assert np.array_equal(np.concatenate(delivered), np.concatenate(blocks_one_at_a_time(GRAPH)))
