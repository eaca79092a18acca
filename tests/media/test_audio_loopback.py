"""Speaker and microphone through a real PulseAudio: what the speaker plays into the null sink
``spk``, the microphone hears from ``spk.monitor`` at the same level and pitch."""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable

import numpy as np
import pytest

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, frame_samples, rms_dbfs
from media.microphone import MicrophoneTrack, MicrophoneUnavailable
from media.speaker import SpeakerPlayer

TONE = "lavfi:sine=frequency=1000:sample_rate=48000"
TONE_DBFS = -21.07  # lavfi's sine: amplitude 1/8 of full scale
LOW_TONE = "lavfi:sine=frequency=440:sample_rate=48000"


async def _record(microphone: MicrophoneTrack, seconds: float) -> tuple[np.ndarray, list[int]]:
    """Wait for sound (PulseAudio can take ~2 s to start a capture), then record ``seconds``."""
    deadline = time.monotonic() + 8
    while True:
        frame = await asyncio.wait_for(microphone.recv(), 8)
        if rms_dbfs(frame_samples(frame)) > -40 or time.monotonic() > deadline:
            break
    await asyncio.wait_for(microphone.recv(), 2)  # skip the fade-in block
    chunks, pts = [], []
    for _ in range(int(seconds * SAMPLE_RATE / FRAME_SAMPLES)):
        frame = await asyncio.wait_for(microphone.recv(), 2)
        chunks.append(frame_samples(frame))
        pts.append(frame.pts)
    return np.concatenate(chunks), pts


@pytest.mark.audio
async def test_a_tone_played_by_the_speaker_comes_back_through_the_microphone(
    pulse_null_sink: str,
) -> None:
    remote = MicrophoneTrack(TONE)  # stands in for the customer's decoded audio track
    await remote.start()
    speaker = SpeakerPlayer(pulse_null_sink)
    microphone = MicrophoneTrack(pulse_null_sink)
    started = time.monotonic()
    try:
        await speaker.start(remote)
        assert speaker.has_output
        await microphone.start()
        recorded, pts = await _record(microphone, seconds=1.0)
    finally:
        microphone.stop()
        await speaker.stop()
        remote.stop()

    assert rms_dbfs(recorded) == pytest.approx(TONE_DBFS, abs=2.0)
    spectrum = np.abs(np.fft.rfft(recorded * np.hanning(recorded.size)))
    peak_hz = float(np.argmax(spectrum)) * SAMPLE_RATE / recorded.size
    assert peak_hz == pytest.approx(1000, abs=5)
    assert np.diff(pts).tolist() == [FRAME_SAMPLES] * (len(pts) - 1)  # a live device: 960 apart

    assert speaker.frames_received > 50
    assert speaker.first_audio_at is not None
    assert speaker.first_audio_at >= started
    assert speaker.samples_played >= SAMPLE_RATE  # at least the second we recorded
    assert speaker.level_dbfs == pytest.approx(TONE_DBFS, abs=0.5)


@pytest.mark.audio
async def test_the_speaker_counts_an_underrun_when_the_remote_audio_stops(
    pulse_null_sink: str,
) -> None:
    remote = MicrophoneTrack(TONE)
    await remote.start()
    speaker = SpeakerPlayer(pulse_null_sink)
    try:
        await speaker.start(remote)
        # PulseAudio may take a moment before it pulls the first block.
        await _until(lambda: speaker.samples_played > 0, seconds=4)
        await asyncio.sleep(0.2)
        before = speaker.underruns  # a busy machine may already have caused one
        remote.stop()  # the customer's audio stops arriving
        await _until(lambda: speaker.underruns > before, seconds=2)
        await asyncio.sleep(0.2)
    finally:
        await speaker.stop()
    assert speaker.frames_received >= 5
    assert speaker.underruns == before + 1  # one dry spell, however many silent blocks it lasted


async def _until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_without_an_output_device_audio_is_still_received_and_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    remote = MicrophoneTrack(TONE)
    await remote.start()
    speaker = SpeakerPlayer("No Such Speaker 4711")
    with caplog.at_level(logging.WARNING, logger="media.speaker"):
        await speaker.start(remote)
        await asyncio.sleep(0.3)
    await speaker.stop()
    remote.stop()
    assert not speaker.has_output
    assert speaker.frames_received >= 10
    assert speaker.first_audio_at is not None
    assert speaker.samples_played == 0
    assert speaker.level_dbfs == pytest.approx(TONE_DBFS, abs=0.5)
    warnings = [r for r in caplog.records if r.name == "media.speaker"]
    assert len(warnings) == 1
    assert "No Such Speaker 4711" in warnings[0].getMessage()


async def test_no_speaker_configured_counts_only() -> None:
    remote = MicrophoneTrack(TONE)
    await remote.start()
    speaker = SpeakerPlayer("none")
    await speaker.start(remote)
    await asyncio.sleep(0.2)
    await speaker.stop()
    remote.stop()
    assert not speaker.has_output
    assert speaker.frames_received >= 5


async def test_a_machine_without_portaudio_still_takes_calls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # importing it now fails
    with pytest.raises(MicrophoneUnavailable, match="PortAudio is not installed"):
        await MicrophoneTrack("default").start()
    remote = MicrophoneTrack(TONE)
    await remote.start()
    speaker = SpeakerPlayer()
    await speaker.start(remote)
    await asyncio.sleep(0.2)
    await speaker.stop()
    remote.stop()
    assert not speaker.has_output
    assert speaker.frames_received >= 5


@pytest.mark.audio
async def test_a_fresh_connection_s_track_replaces_the_old_one_on_the_same_output(
    pulse_null_sink: str,
) -> None:
    first, second = MicrophoneTrack(TONE), MicrophoneTrack(LOW_TONE)
    await first.start()
    await second.start()
    speaker = SpeakerPlayer(pulse_null_sink)
    microphone = MicrophoneTrack(pulse_null_sink)
    try:
        await speaker.start(first)
        output = speaker.output
        await asyncio.sleep(0.3)
        first.stop()  # the old connection closes: its track ends
        await speaker.start(second)
        assert speaker.output is output, "the sound device stays open"
        await microphone.start()
        recorded, _ = await _record(microphone, seconds=1.0)
    finally:
        microphone.stop()
        await speaker.stop()
        second.stop()
    spectrum = np.abs(np.fft.rfft(recorded * np.hanning(recorded.size)))
    peak_hz = float(np.argmax(spectrum)) * SAMPLE_RATE / recorded.size
    assert peak_hz == pytest.approx(440, abs=5), "what plays now is the new track"
