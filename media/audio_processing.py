"""Clean audio for the microphone: echo cancellation, noise suppression and gain control.

Advisors without a headset would otherwise send the customer their own voice back: what the
speakers play reaches the microphone again. libwebrtc's audio processing module (the one browsers
use) removes it when it is told what was played: `VoiceProcessor.playout` gets the far-end audio
as the speaker plays it, `VoiceProcessor.capture` cleans each microphone block.

The binding is `livekit.rtc.AudioProcessingModule` (LiveKit's Python SDK, a wheel for Windows,
macOS and Linux that carries libwebrtc): it takes 10 ms frames, so our 20 ms blocks are split in
two. Without the package (or with every switch off) audio passes through untouched.

`VoiceProcessing` is the app's one pairing of "what the speakers play" with "what the microphone
hears": the speaker feeds it and the microphone uses it without the call code passing it around.
It does nothing until the app configures it from the settings (`configure`), so tests and tools
that open devices on their own get raw audio.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from media.audio_format import SAMPLE_RATE, Samples

log = logging.getLogger(__name__)

CHUNK_SAMPLES = SAMPLE_RATE // 100  # the module works on 10 ms frames
BLOCK_DELAY_MS = 20  # one 20 ms block of buffering on each side, added to the devices' latency


@dataclass(frozen=True, slots=True)
class VoiceProcessingConfig:
    """Which parts of the processing run; each can be switched off in the settings."""

    echo_cancellation: bool = True
    noise_suppression: bool = True
    gain_control: bool = True

    @property
    def active(self) -> bool:
        return self.echo_cancellation or self.noise_suppression or self.gain_control


NO_PROCESSING = VoiceProcessingConfig(False, False, False)


def processing_available() -> bool:
    """True when the audio processing module can be loaded on this computer."""
    return _apm_class() is not None


def _apm_class() -> Any:
    try:
        from livekit import rtc  # a native library: may be missing on an odd platform
    except (ImportError, OSError) as exc:
        log.info("audio processing unavailable: %s", exc)
        return None
    return rtc


class VoiceProcessor:
    """One audio processing module for one microphone and the speaker it hears. Thread-safe:
    the speaker's callback thread calls `playout`, the microphone's calls `capture`."""

    def __init__(self, config: VoiceProcessingConfig, *, delay_ms: int = 0) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._rtc = _apm_class() if config.active else None
        self._apm: Any = None
        if self._rtc is not None:
            self._apm = self._rtc.AudioProcessingModule(
                echo_cancellation=config.echo_cancellation,
                noise_suppression=config.noise_suppression,
                high_pass_filter=config.active,
                auto_gain_control=config.gain_control,
            )
        self._pending_playout = np.zeros(0, dtype=np.int16)
        self.delay_ms = delay_ms
        """Time from handing a far-end block to `playout` until its echo reaches `capture`;
        a hint only (the canceller finds the delay itself), updated from device latencies."""

    @property
    def active(self) -> bool:
        """True when audio is really processed (the module loaded and something is on)."""
        return self._apm is not None

    def playout(self, samples: Samples) -> None:
        """Tell the echo canceller what the speaker plays now (int16 mono 48 kHz, any length)."""
        if self._apm is None or not self.config.echo_cancellation:
            return
        with self._lock:
            data = np.concatenate((self._pending_playout, samples.astype(np.int16, copy=False)))
            whole = data.size - data.size % CHUNK_SAMPLES
            for start in range(0, whole, CHUNK_SAMPLES):
                frame = self._frame(data[start : start + CHUNK_SAMPLES])
                self._apm.process_reverse_stream(frame)
            self._pending_playout = data[whole:].copy()

    def capture(self, samples: Samples) -> Samples:
        """The microphone block cleaned (same length). A tail shorter than 10 ms passes as is."""
        if self._apm is None:
            return samples
        out = samples.astype(np.int16, copy=True)
        with self._lock:
            for start in range(0, out.size - CHUNK_SAMPLES + 1, CHUNK_SAMPLES):
                frame = self._frame(out[start : start + CHUNK_SAMPLES])
                if self.config.echo_cancellation:
                    self._apm.set_stream_delay_ms(max(0, min(500, int(self.delay_ms))))
                self._apm.process_stream(frame)
                out[start : start + CHUNK_SAMPLES] = np.frombuffer(frame.data, dtype=np.int16)
        return out

    def _frame(self, chunk: Samples) -> Any:
        rtc: Any = self._rtc
        return rtc.AudioFrame(chunk.tobytes(), SAMPLE_RATE, 1, CHUNK_SAMPLES)


class VoiceProcessing:
    """The app's voice processing: the processor its speaker feeds and its microphone uses.

    Unconfigured it does nothing. `configure` (from the settings, before a call) makes a fresh
    processor when the switches changed; the device latencies that the speaker and microphone
    report become its delay hint.
    """

    def __init__(self, config: VoiceProcessingConfig = NO_PROCESSING) -> None:
        self._lock = threading.Lock()
        self._processor: VoiceProcessor | None = None
        self._playout_latency = 0.0
        self._capture_latency = 0.0
        self.configure(config)

    @property
    def config(self) -> VoiceProcessingConfig:
        processor = self._processor
        return processor.config if processor is not None else NO_PROCESSING

    @property
    def active(self) -> bool:
        processor = self._processor
        return processor is not None and processor.active

    def configure(self, config: VoiceProcessingConfig) -> None:
        with self._lock:
            if self._processor is not None and self._processor.config == config:
                return
            self._processor = VoiceProcessor(config) if config.active else None
            self._update_delay()
        log.info(
            "voice processing: echo cancellation %s, noise suppression %s, gain control %s%s",
            *("on" if on else "off" for on in
              (config.echo_cancellation, config.noise_suppression, config.gain_control)),
            "" if not config.active or self.active else " (module unavailable: audio unprocessed)",
        )  # fmt: skip

    def set_latencies(self, *, playout: float | None = None, capture: float | None = None) -> None:
        """The output and input devices' latencies in seconds, as PortAudio reports them."""
        with self._lock:
            if playout is not None:
                self._playout_latency = playout
            if capture is not None:
                self._capture_latency = capture
            self._update_delay()

    def playout(self, samples: Samples) -> None:
        processor = self._processor
        if processor is not None:
            processor.playout(samples)

    def capture(self, samples: Samples) -> Samples:
        processor = self._processor
        return samples if processor is None else processor.capture(samples)

    def _update_delay(self) -> None:
        if self._processor is not None:
            seconds = self._playout_latency + self._capture_latency
            self._processor.delay_ms = round(seconds * 1000) + BLOCK_DELAY_MS


APP_VOICE_PROCESSING = VoiceProcessing()
"""The one the app's calls use; `advisor_app.media_choice` configures it from the settings."""


def stream_latency(stream: object) -> float | None:
    """A PortAudio stream's latency in seconds, or None when it does not say."""
    latency = getattr(stream, "latency", None)
    return float(latency) if isinstance(latency, int | float) else None
