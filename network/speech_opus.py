"""Opus for speech, at a bitrate that follows the line during the call.

aiortc 1.x opens its Opus encoder once at a fixed 96 kbit/s (`OpusEncoder.__init__`) and offers no
way to change it: FFmpeg's libopus wrapper reads the bitrate only when the codec opens. Speech
needs far less (32 kbit/s is wideband speech with headroom for Opus' own loss resilience, 16 kbit/s
still wideband), and on a slow line every kbit/s counts. `SpeechOpusEncoder` starts at
`SPEECH_OPUS_BITRATE` and, when `target_bitrate` changes, re-opens the codec at the new rate
between two 20 ms frames, where the encoder runs (on the loop: `network.speech_on_loop`).
RTP timestamps are counted in samples, so a re-opened codec (whose packet times start anew)
continues the stream without a jump.

Speech is one voice: it is encoded and decoded as mono, as browsers send it (the SDP's
`opus/48000/2` names the RTP format; each Opus packet says how many channels it carries, and
every decoder takes either). aiortc encodes and decodes stereo: the microphone's mono was doubled
to be encoded, and the far side's mono doubled to be decoded, then mixed down again for the
speaker. Measured on this machine (speech-like 20 ms frames at 32 kbit/s, warm, alternating):
encoding 0.17-0.20 ms a frame mono against 0.23-0.24 stereo; decoding with the speaker's
mix-down 0.033 ms against 0.052. About 0.003 of a core in a call: small, and what browsers do.

`use_speech_opus()` makes aiortc build this encoder for every Opus sender (and the mono decoder
for every Opus receiver);
`set_speech_bitrate(sender, bps)` changes one sender's rate. Both are checked against aiortc 1.9 to
1.16 (the sender keeps its encoder in a private attribute); on another version the bitrate stays
fixed and a warning says so, rather than guessing.
"""

from __future__ import annotations

import logging
from typing import Any

import aiortc
import aiortc.codecs
from aiortc import RTCRtpSender
from aiortc.codecs.opus import (
    SAMPLE_RATE,
    SAMPLES_PER_FRAME,
    TIME_BASE,
    OpusDecoder,
    OpusEncoder,
)
from av import AudioFrame, AudioResampler, CodecContext
from av.frame import Frame

log = logging.getLogger(__name__)

__all__ = [
    "SPEECH_OPUS_BITRATE",
    "SpeechOpusDecoder",
    "SpeechOpusEncoder",
    "set_speech_bitrate",
    "use_speech_opus",
]

SPEECH_OPUS_BITRATE = 32_000
MIN_BITRATE, MAX_BITRATE = 8_000, 64_000
_CHECKED_VERSIONS = ("1.9.", "1.10.", "1.11.", "1.12.", "1.13.", "1.14.", "1.15.", "1.16.")
_SENDER_ENCODER = "_RTCRtpSender__encoder"


def _open_codec(bit_rate: int) -> Any:
    codec = CodecContext.create("libopus", "w")
    codec.bit_rate = bit_rate
    codec.format = "s16"
    codec.layout = "mono"
    # Constrained VBR: Opus' own VBR spends up to 1.7 times the target on a steady sound
    # (measured on a tone: 32 -> 54 kbit/s, 24 -> 46), which a thin line cannot carry; capped,
    # it stays at the target (32.0, 24.3, 16.3) and speech costs what the quality rule planned.
    codec.options = {"application": "voip", "vbr": "constrained"}
    codec.sample_rate = SAMPLE_RATE
    codec.time_base = TIME_BASE
    return codec


class SpeechOpusEncoder(OpusEncoder):
    """aiortc's Opus encoder at a speech bitrate that may change between frames."""

    def __init__(self) -> None:
        super().__init__()
        self.codec = _open_codec(SPEECH_OPUS_BITRATE)
        self.resampler = AudioResampler(
            format="s16", layout="mono", rate=SAMPLE_RATE, frame_size=SAMPLES_PER_FRAME
        )
        self._wanted = SPEECH_OPUS_BITRATE
        self._samples_sent = 0
        self.reopened = 0
        """How often the codec was re-opened at a new bitrate (for tests and the log)."""

    @property
    def target_bitrate(self) -> int:
        """The bitrate (bit/s) the next frames are encoded at."""
        return self._wanted

    @target_bitrate.setter
    def target_bitrate(self, bps: int) -> None:
        # Set on the engine loop, read where the encoder runs: one attribute, no lock needed.
        self._wanted = max(MIN_BITRATE, min(MAX_BITRATE, int(bps)))

    def encode(self, frame: Frame, force_keyframe: bool = False) -> tuple[list[bytes], int]:  # noqa: ARG002 (aiortc's signature)
        assert isinstance(frame, AudioFrame)
        if self._wanted != self.codec.bit_rate:
            self._reopen(self._wanted)
        packets = []
        for resampled in self.resampler.resample(frame):
            packets += self.codec.encode(resampled)
        if not packets:
            return [], None  # type: ignore[return-value]  # aiortc's own "buffering" answer
        timestamp = self._samples_sent
        self._samples_sent += SAMPLES_PER_FRAME * len(packets)
        return [bytes(packet) for packet in packets], timestamp

    def _reopen(self, bit_rate: int) -> None:
        log.info("speech Opus -> %d kbit/s", bit_rate // 1000)
        self.codec = _open_codec(bit_rate)
        self.reopened += 1


class SpeechOpusDecoder(OpusDecoder):
    """aiortc's Opus decoder, giving mono: the app's format, whatever the far side sent."""

    def __init__(self) -> None:
        super().__init__()
        self.codec.layout = "mono"  # the codec opens with the first packet


def use_speech_opus() -> bool:
    """Makes aiortc build `SpeechOpusEncoder` for Opus senders and `SpeechOpusDecoder` for Opus
    receivers (idempotent); False if unchecked."""
    codecs: Any = aiortc.codecs  # get_encoder/get_decoder look the classes up here on every call
    if codecs.OpusEncoder is SpeechOpusEncoder and codecs.OpusDecoder is SpeechOpusDecoder:
        return True
    if not aiortc.__version__.startswith(_CHECKED_VERSIONS):
        log.warning("aiortc %s not checked: Opus keeps its default bitrate", aiortc.__version__)
        return False
    codecs.OpusEncoder = SpeechOpusEncoder
    codecs.OpusDecoder = SpeechOpusDecoder
    return True


def set_speech_bitrate(sender: RTCRtpSender, bps: int) -> bool:
    """Sets the Opus bitrate of `sender`; False while it has no speech encoder yet (first frame)."""
    encoder = getattr(sender, _SENDER_ENCODER, None)
    if not isinstance(encoder, SpeechOpusEncoder):
        return False
    encoder.target_bitrate = bps
    return True
