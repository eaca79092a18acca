"""The microphone track fed by a lavfi sine (no sound card needed): timing, muting, errors."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError

from advisor_app.domain.capture_moment import captured_at
from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, TIME_BASE, frame_samples, rms_dbfs
from media.microphone import MicrophoneTrack, MicrophoneUnavailable

SINE = "lavfi:sine=frequency=1000:sample_rate=48000"
SINE_DBFS = -21.07  # lavfi's sine has amplitude 1/8: RMS is 1/(8*sqrt(2)) of full scale


@pytest.fixture
async def microphone() -> AsyncIterator[MicrophoneTrack]:
    track = MicrophoneTrack(SINE)
    await track.start()
    yield track
    track.stop()


async def test_frames_are_20ms_s16_mono_48khz_with_pts_counting_samples(
    microphone: MicrophoneTrack,
) -> None:
    frames = [await microphone.recv() for _ in range(10)]
    assert {(f.format.name, f.layout.name, f.sample_rate, f.samples) for f in frames} == {
        ("s16", "mono", SAMPLE_RATE, FRAME_SAMPLES)
    }
    assert all(f.time_base == TIME_BASE for f in frames)
    assert [f.pts for f in frames] == [i * FRAME_SAMPLES for i in range(10)]
    assert rms_dbfs(frame_samples(frames[-1])) == pytest.approx(SINE_DBFS, abs=0.5)


async def test_frames_come_in_real_time(microphone: MicrophoneTrack) -> None:
    await microphone.recv()
    started = time.monotonic()
    for _ in range(25):
        await microphone.recv()
    assert 0.4 < time.monotonic() - started < 0.7  # 25 x 20 ms


async def test_muting_sends_silence_without_breaking_the_timing(
    microphone: MicrophoneTrack,
) -> None:
    before = await microphone.recv()
    microphone.muted = True
    muted = [await microphone.recv() for _ in range(5)]
    microphone.muted = False
    after = await microphone.recv()
    assert frame_samples(before).any()
    assert not any(frame_samples(f).any() for f in muted)
    assert microphone.level_dbfs > -30  # the meter still shows the advisor is heard locally
    assert frame_samples(after).any()
    pts = [before.pts] + [f.pts for f in muted] + [after.pts]
    assert np.diff(pts).tolist() == [FRAME_SAMPLES] * 6


async def test_a_stalled_reader_loses_the_oldest_frames_not_the_newest(
    microphone: MicrophoneTrack,
) -> None:
    first = await microphone.recv()
    await asyncio.sleep(0.5)  # 25 frames arrive; the mailbox keeps a few
    after = await microphone.recv()
    assert microphone.frames_dropped >= 15
    assert after.pts - first.pts >= 18 * FRAME_SAMPLES  # the gap shows in the timestamps
    # The reader resumes at the newest frame, not with a burst of the few kept before it.
    assert time.monotonic() - captured_at_or_never(after) < 0.045  # the kept reach 80 ms back
    following = await microphone.recv()
    assert following.pts - after.pts == FRAME_SAMPLES


def captured_at_or_never(frame: object) -> float:
    at = captured_at(frame)
    assert at is not None, "the microphone stamps every frame"
    return at


async def test_stop_ends_the_track() -> None:
    microphone = MicrophoneTrack(SINE)
    await microphone.start()
    await microphone.recv()
    microphone.stop()
    with pytest.raises(MediaStreamError):
        await microphone.recv()
    with pytest.raises(MediaStreamError):
        await microphone.start()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("lavfi:nosuchsource=x", "microphone lavfi:nosuchsource=x is unavailable"),
        ("lavfi:testsrc2", "makes no audio"),
        ("No Such Microphone 4711", "microphone No Such Microphone 4711 is unavailable"),
        ("none", "no microphone is configured"),
    ],
)
async def test_an_unavailable_microphone_is_a_clear_error(spec: str, message: str) -> None:
    microphone = MicrophoneTrack(spec)
    with pytest.raises(MicrophoneUnavailable, match=message):
        await microphone.start()
    microphone.stop()
