"""The echo canceller in the real device path: the speaker plays the customer's (synthetic)
speech into a PulseAudio null sink, the microphone hears it back from the sink's monitor, and
with voice processing on, what the microphone sends is far quieter than what it heard."""

from __future__ import annotations

import asyncio
import fractions
import time

import av
import numpy as np
import pytest
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media.audio_format import FRAME_SAMPLES, SAMPLE_RATE, frame_samples, make_frame, rms_dbfs
from media.audio_processing import VoiceProcessing, VoiceProcessingConfig, processing_available
from media.echo_simulation import speech_like, to_samples
from media.microphone import MicrophoneTrack
from media.speaker import SpeakerPlayer

pytestmark = [
    pytest.mark.audio,
    pytest.mark.skipif(not processing_available(), reason="no audio processing module"),
]


class SpeechTrack(MediaStreamTrack):
    """The customer's decoded audio, stood in for by synthetic speech paced to real time."""

    kind = "audio"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self._samples = to_samples(speech_like(seconds, pitch_hz=120, seed=7, level_dbfs=-16))
        self._pts = 0
        self._start: float | None = None

    async def recv(self) -> av.AudioFrame:
        if self._pts + FRAME_SAMPLES > self._samples.size:
            raise MediaStreamError
        self._start = self._start or time.monotonic()
        await asyncio.sleep(max(0.0, self._start + self._pts / SAMPLE_RATE - time.monotonic()))
        frame = make_frame(self._samples[self._pts : self._pts + FRAME_SAMPLES], self._pts)
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self._pts += FRAME_SAMPLES
        return frame


async def test_the_customer_heard_through_the_speaker_is_cancelled_from_the_microphone(
    pulse_null_sink: str,
) -> None:
    voice = VoiceProcessing(VoiceProcessingConfig(noise_suppression=False, gain_control=False))
    speaker = SpeakerPlayer(pulse_null_sink, voice_processing=voice)
    microphone = MicrophoneTrack(pulse_null_sink, voice_processing=voice)
    remote = SpeechTrack(seconds=9.0)
    heard, sent = [], []
    try:
        await speaker.start(remote)
        await microphone.start()
        deadline = time.monotonic() + 8.5
        while time.monotonic() < deadline:
            frame = await asyncio.wait_for(microphone.recv(), 3)
            heard.append(microphone.level_dbfs)  # before processing: the echo as it arrived
            sent.append(rms_dbfs(frame_samples(frame)))
    finally:
        microphone.stop()
        await speaker.stop()
    # Compare the last three seconds (converged), only blocks where the echo was audible.
    tail = [(h, s) for h, s in zip(heard[-150:], sent[-150:], strict=True) if h > -45]
    assert len(tail) > 50, "the microphone did not hear the speaker"
    attenuation = np.median([h - s for h, s in tail])
    assert attenuation >= 15.0
