"""The advisor's microphone as an aiortc audio track.

A sounddevice `InputStream` (48 kHz, mono, int16, 960-sample blocks = one 20 ms RTP packet) calls
back on PortAudio's thread; the callback only copies the block into a bounded mailbox (a few frames;
the oldest is dropped when the loop is behind) and never blocks. Timestamps count captured samples,
dropped blocks included, so the receiver hears a gap rather than a time shift.

Muting sends silence: the device stays open and the stream keeps its timing, so unmuting is
instant and the peer's jitter buffer never resets. (Switching the sender with ``replaceTrack`` is
left for the camera.) A ``lavfi:`` spec swaps the device for `SyntheticAudioSource`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Protocol

import av
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from advisor_app.domain import capture_moment
from media.audio_devices import AudioDeviceError
from media.audio_format import SAMPLE_RATE, SILENCE_DBFS, Samples, make_frame
from media.audio_format import rms_dbfs as _rms_dbfs
from media.audio_processing import APP_VOICE_PROCESSING, VoiceProcessing, stream_latency
from media.device_fallback import FallbackStream, Notice
from media.device_spec import (
    AudioSpec,
    NoAudioDevice,
    SoundDevice,
    SyntheticAudio,
    parse_audio_spec,
)
from media.handoff import Mailbox, MailboxClosedError
from media.synthetic_audio import SyntheticAudioSource

log = logging.getLogger(__name__)

QUEUED_FRAMES = 5  # 100 ms of slack for loop hiccups; more would only add delay
_Block = tuple[int, Samples, float]  # pts (samples), the samples, their capture moment


class MicrophoneUnavailable(Exception):  # noqa: N818 - the advisor-facing name
    """The microphone could not be opened; names the device and why."""

    def __init__(self, device: str, reason: str) -> None:
        super().__init__(f"microphone {device} is unavailable: {reason}")
        self.device = device
        self.reason = reason


class _Capture(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class _SoundDeviceCapture:
    """PortAudio input; ``deliver`` is called on PortAudio's callback thread. A device that goes
    away mid-call is replaced by the next working one (`FallbackStream`), with a notice."""

    def __init__(
        self,
        device: int | str | None,
        deliver: Any,
        on_overflow: Any,
        *,
        loop: asyncio.AbstractEventLoop,
        on_notice: Notice | None,
    ) -> None:
        self._deliver = deliver
        self._on_overflow = on_overflow
        self._stream: FallbackStream | None = FallbackStream(
            "input", device, self._callback, loop=loop, on_notice=on_notice
        )

    @property
    def fallback(self) -> FallbackStream | None:
        return self._stream

    def start(self) -> None:
        if self._stream is not None:
            self._stream.open()

    @property
    def latency(self) -> float | None:
        return stream_latency(self._stream)

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _callback(self, indata: Any, frames: int, _time: Any, status: Any) -> None:
        if status.input_overflow:
            self._on_overflow()
        self._deliver(np.array(indata[:frames, 0], dtype=np.int16))  # copy: PortAudio reuses it


def describe_spec(spec: AudioSpec) -> str:
    """How a device spec is named in messages."""
    if isinstance(spec, SyntheticAudio):
        return f"lavfi:{spec.graph}"
    if isinstance(spec, NoAudioDevice):
        return "none"
    return "default" if spec.device is None else str(spec.device)


class MicrophoneTrack(MediaStreamTrack):
    """Audio from a sound device (or a lavfi graph) as 20 ms s16 mono 48 kHz frames.

    ``device`` is an `AudioSpec` or a SPEC string/index (`media.device_spec.parse_audio_spec`).
    Call `start()` before the sender reads; `stop()` closes the device and ends the track.
    When the sound device goes away mid-call the next working one is used and
    ``on_device_notice(text)`` is called on the loop (`media.device_fallback`).
    A sound device's blocks go through ``voice_processing`` (echo cancellation against what the
    app's speaker plays, noise suppression, gain control; by default the app's shared
    `APP_VOICE_PROCESSING`, which does nothing until configured); synthetic sources do not.
    """

    kind = "audio"

    def __init__(
        self,
        device: AudioSpec | str | int | None = None,
        *,
        queued_frames: int = QUEUED_FRAMES,
        voice_processing: VoiceProcessing | None = None,
        on_device_notice: Notice | None = None,
    ) -> None:
        super().__init__()
        self._voice = voice_processing or APP_VOICE_PROCESSING
        self._on_device_notice = on_device_notice
        self.spec = device if isinstance(device, AudioSpec) else parse_audio_spec(device)
        self._queued_frames = queued_frames
        self._mailbox: Mailbox[_Block] | None = None
        self._capture: _Capture | None = None
        self._captured_samples = 0
        self._input_latency = 0.0  # seconds from the sound reaching the device to its callback
        self.muted = False
        """While True, recv() returns silence with the usual timing; the device stays open."""
        self.overflows = 0
        """Times PortAudio reported lost input (the callback thread was late)."""
        self._last_block: Samples | None = None  # the meter's: measured only when read

    @property
    def level_dbfs(self) -> float:
        """Loudness of the last captured block (before processing), muted or not: for the
        advisor's own meter, which shows clipping and too-quiet input. Measured when asked."""
        block = self._last_block
        return SILENCE_DBFS if block is None else _rms_dbfs(block)

    @property
    def device_name(self) -> str:
        return describe_spec(self.spec)

    @property
    def frames_dropped(self) -> int:
        """Blocks dropped because the loop did not read them in time."""
        return self._mailbox.dropped if self._mailbox else 0

    async def start(self) -> None:
        """Open the device and start capturing; raises `MicrophoneUnavailable`. Idempotent."""
        if self.readyState != "live":
            raise MediaStreamError("microphone track is stopped")
        if self._capture is not None:
            return
        mailbox = self._mailbox_on(asyncio.get_running_loop())
        capture = self._make_capture(mailbox)
        try:
            # Opening a PortAudio stream can take a moment (PulseAudio connects): not on the loop.
            await asyncio.to_thread(capture.start)
        except (AudioDeviceError, av.FFmpegError, ValueError, OSError) as exc:
            raise MicrophoneUnavailable(self.device_name, str(exc) or type(exc).__name__) from exc
        self._capture = capture
        if isinstance(capture, _SoundDeviceCapture):
            self._voice.set_latencies(capture=capture.latency)
            self._input_latency = capture.latency or 0.0
        log.info("microphone %s started", self.device_name)

    def stop(self) -> None:
        """Close the device and end the track (also what aiortc calls when the call ends)."""
        if self._capture is not None:
            self._capture.stop()
            self._capture = None
        if self._mailbox is not None:
            self._mailbox.close()
        super().stop()

    async def recv(self) -> Any:
        """The next 20 ms frame (silence while muted); pts counts samples at 1/48000."""
        if self.readyState != "live":
            raise MediaStreamError
        mailbox = self._mailbox_on(asyncio.get_running_loop())
        try:
            pts, samples, at = await mailbox.get()
        except MailboxClosedError:
            raise MediaStreamError from None
        if self.muted:
            samples = np.zeros_like(samples)
        frame = make_frame(samples, pts)
        capture_moment.stamp(frame, at)
        return frame

    def _mailbox_on(self, loop: asyncio.AbstractEventLoop) -> Mailbox[_Block]:
        if self._mailbox is None:
            # A sender that starts reading (the call connects) takes the speech from now on.
            self._mailbox = Mailbox(loop, capacity=self._queued_frames, resume_at_newest=True)
        return self._mailbox

    def _make_capture(self, mailbox: Mailbox[_Block]) -> _Capture:
        device = isinstance(self.spec, SoundDevice)
        process = self._voice.capture if device else None

        def deliver(samples: Samples) -> None:  # on the capture thread: copy, stamp, hand over
            # When the block's first sample was captured: a device hands a block over once it is
            # full, its input latency later; a synthetic source at the block's own start.
            held = samples.size / SAMPLE_RATE + self._input_latency if device else 0.0
            at = time.monotonic() - held
            pts = self._captured_samples
            self._captured_samples += samples.size
            self._last_block = samples  # voice processing works on a copy
            mailbox.put((pts, samples if process is None else process(samples), at))

        def overflowed() -> None:
            self.overflows += 1

        spec = self.spec
        if isinstance(spec, SyntheticAudio):
            return SyntheticAudioSource(spec.graph, deliver)
        if isinstance(spec, SoundDevice):
            return _SoundDeviceCapture(
                spec.device, deliver, overflowed,
                loop=asyncio.get_running_loop(), on_notice=self._on_device_notice,
            )  # fmt: skip
        raise MicrophoneUnavailable("none", "no microphone is configured")
