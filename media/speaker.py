"""Plays the customer's audio: a remote aiortc track into a sound device through a jitter buffer.

On the loop, a task receives the track's frames (the call decodes speech to s16 mono 48 kHz, which
the resampler passes through; other formats it converts) and pushes them into a `JitterBuffer`; a
sounddevice `OutputStream` callback thread pulls 20 ms at a time. Without an output device (none
configured, or it fails to open) the track is still received and counted, so the call goes on and
the report can say audio arrived.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

import av
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from media.audio_devices import AudioDeviceError
from media.audio_format import (
    SILENCE_DBFS,
    Samples,
    frame_samples,
    new_resampler,
    rms_dbfs,
)
from media.audio_processing import APP_VOICE_PROCESSING, VoiceProcessing, stream_latency
from media.device_fallback import FallbackStream, Notice
from media.device_spec import (
    AudioSpec,
    DeviceSpecError,
    NoAudioDevice,
    SoundDevice,
    SyntheticAudio,
    parse_audio_spec,
)
from media.jitter_buffer import JitterBuffer
from media.microphone import describe_spec

log = logging.getLogger(__name__)


class SpeakerPlayer:
    """Receives a remote audio track and plays it; exposes counters for the report and a meter.

    ``output_device`` is an `AudioSpec` or a SPEC string/index (``none`` = count only); a
    ``lavfi:`` spec is rejected with `DeviceSpecError` since it cannot play anything.
    What the device plays is handed to ``voice_processing`` (by default the app's shared
    `APP_VOICE_PROCESSING`) as the echo canceller's reference. When the device goes away
    mid-call the next working one plays on and ``on_notice(text)`` is called on the loop
    (`media.device_fallback`); it can also be set later through the `on_notice` attribute.
    """

    def __init__(
        self,
        output_device: AudioSpec | str | int | None = None,
        *,
        buffer: JitterBuffer | None = None,
        clock: Any = time.monotonic,
        voice_processing: VoiceProcessing | None = None,
        on_notice: Notice | None = None,
    ) -> None:
        self._voice = voice_processing or APP_VOICE_PROCESSING
        self.on_notice = on_notice
        spec = (
            output_device
            if isinstance(output_device, AudioSpec)
            else parse_audio_spec(output_device)
        )
        if isinstance(spec, SyntheticAudio):
            raise DeviceSpecError("a lavfi: graph is a source and cannot play audio")
        self.spec: SoundDevice | NoAudioDevice = spec
        self.buffer = buffer or JitterBuffer()
        self._clock = clock
        self._stream: FallbackStream | None = None
        self._task: asyncio.Task[None] | None = None
        self._output_tried = False
        self.frames_received = 0
        """Audio frames received from the track (whether or not they could be played)."""
        self.first_audio_at: float | None = None
        """`time.monotonic()` when the first frame arrived."""
        self._last_block: Samples | None = None  # the meter's: measured only when read

    @property
    def level_dbfs(self) -> float:
        """Loudness of the last received block, for the meter (measured when asked, not for
        each of the 50 blocks a second)."""
        block = self._last_block
        return SILENCE_DBFS if block is None else rms_dbfs(block)

    @property
    def has_output(self) -> bool:
        """True while a sound device is playing."""
        return self._stream is not None

    @property
    def output(self) -> FallbackStream | None:
        """The open output (which device, how often it moved), or None."""
        return self._stream

    @property
    def samples_played(self) -> int:
        """Samples of received audio handed to the sound device."""
        return self.buffer.played_samples

    @property
    def underruns(self) -> int:
        return self.buffer.underruns

    async def start(self, track: MediaStreamTrack) -> None:
        """Open the output (or note once that there is none) and start receiving ``track``.

        A later track (a fresh connection after a drop) replaces the earlier one; the output
        stays open, so the sound device is not opened twice in one call.
        """
        if self._task is not None:
            previous, self._task = self._task, None
            previous.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await previous
        elif not self._output_tried:
            self._output_tried = True
            await self._open_output()
        self._task = asyncio.get_running_loop().create_task(
            self._receive(track), name="speaker receive"
        )

    async def stop(self) -> None:
        """Stop receiving and close the output. Safe to call twice."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._output_tried = False
        stream, self._stream = self._stream, None
        if stream is not None:
            await asyncio.to_thread(stream.close)

    async def _open_output(self) -> None:
        if isinstance(self.spec, NoAudioDevice):
            log.info("no speaker configured: remote audio is received but not played")
            return
        device = self.spec.device
        try:
            # Opening connects to the sound server and can take a moment: not on the loop.
            stream = FallbackStream(
                "output", device, self._play,
                loop=asyncio.get_running_loop(), on_notice=self._notice,
            )  # fmt: skip
            await asyncio.to_thread(stream.open)
            self._stream = stream
            self._voice.set_latencies(playout=stream_latency(stream))
        except AudioDeviceError as exc:
            # Logged once; the call continues without sound rather than failing.
            log.warning(
                "speaker %s unavailable (%s): remote audio is received but not played",
                describe_spec(self.spec),
                exc,
            )

    def _notice(self, text: str) -> None:
        log.warning("%s", text)
        if self.on_notice is not None:
            self.on_notice(text)

    async def _receive(self, track: MediaStreamTrack) -> None:
        resampler = new_resampler()
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                log.info("remote audio ended after %d frames", self.frames_received)
                return
            if not isinstance(frame, av.AudioFrame):
                continue
            if self.first_audio_at is None:
                self.first_audio_at = self._clock()
            self.frames_received += 1
            for block in resampler.resample(frame):
                samples = frame_samples(block)
                self._last_block = samples
                if self._stream is not None:
                    self.buffer.push(samples)

    def _play(self, outdata: Any, frames: int, _time: Any, _status: Any) -> None:
        """PortAudio's thread: never blocks beyond the buffer's short lock."""
        samples = self.buffer.pull(frames)
        outdata[:, 0] = samples
        self._voice.playout(samples)  # the echo canceller's reference: what is played now
