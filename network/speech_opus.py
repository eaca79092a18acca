"""Opus for speech, at a bitrate that follows the line during the call.

aiortc 1.x opens its Opus encoder once at a fixed 96 kbit/s (`OpusEncoder.__init__`) and offers no
way to change it: FFmpeg's libopus wrapper reads the bitrate only when the codec opens. Speech
needs far less (32 kbit/s is wideband speech with headroom for Opus' own loss resilience, 16 kbit/s
still wideband), and on a slow line every kbit/s counts. `SpeechOpusEncoder` starts at
`SPEECH_OPUS_BITRATE` and, when `target_bitrate` changes, re-opens the codec at the new rate
between two 20 ms frames, where the encoder runs (on the loop: `network.speech_on_loop`).
RTP timestamps are counted in samples, so a re-opened codec (whose packet times start anew)
continues the stream without a jump.

At the lowest speech rates (`LONG_PACKETS_AT_MOST`, 20 kbit/s) a packet carries 40 ms instead
of 20: every packet costs ~60 bytes of IPv4, UDP, RTP (with its header extensions) and SRTP
whatever it carries, 24 kbit/s at 50 packets a second, more than 16 kbit/s speech itself. In
40 ms packets 16 kbit/s speech costs ~28 kbit/s on the wire instead of ~40: on a 48 kbit/s line
that is the room the signalling, RTCP and the ICE consent checks beside the call need. It adds
20 ms of delay, which a line that thin has anyway. Any Opus decoder takes such packets (a
browser's too; RFC 7587 leaves the packet length to the sender).

`use_speech_opus()` makes aiortc build this encoder for every Opus sender;
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
from aiortc.codecs.opus import SAMPLE_RATE, TIME_BASE, OpusEncoder
from av import AudioFrame, CodecContext
from av.frame import Frame

log = logging.getLogger(__name__)

__all__ = [
    "LONG_PACKETS_AT_MOST",
    "SPEECH_OPUS_BITRATE",
    "SpeechOpusEncoder",
    "packet_ms",
    "set_speech_bitrate",
    "use_speech_opus",
]

SPEECH_OPUS_BITRATE = 32_000
MIN_BITRATE, MAX_BITRATE = 8_000, 64_000
LONG_PACKETS_AT_MOST = 20_000  # bit/s: at this rate or below, 40 ms a packet
_CHECKED_VERSIONS = ("1.9.", "1.10.", "1.11.", "1.12.", "1.13.", "1.14.", "1.15.", "1.16.")
_SENDER_ENCODER = "_RTCRtpSender__encoder"


def packet_ms(bit_rate: int) -> int:
    """How much speech one packet carries at `bit_rate` (bit/s): 40 ms at the lowest rates."""
    return 40 if bit_rate <= LONG_PACKETS_AT_MOST else 20


def _open_codec(bit_rate: int) -> Any:
    codec = CodecContext.create("libopus", "w")
    codec.bit_rate = bit_rate
    codec.format = "s16"
    codec.layout = "stereo"
    # Constrained VBR: Opus' own VBR spends up to 1.7 times the target on a steady sound
    # (measured on a tone: 32 -> 54 kbit/s, 24 -> 46), which a thin line cannot carry; capped,
    # it stays at the target (32.0, 24.3, 16.3) and speech costs what the quality rule planned.
    codec.options = {
        "application": "voip",
        "vbr": "constrained",
        "frame_duration": str(packet_ms(bit_rate)),  # PyAV gathers 20 ms frames into a packet
    }
    codec.sample_rate = SAMPLE_RATE
    codec.time_base = TIME_BASE
    return codec


class SpeechOpusEncoder(OpusEncoder):
    """aiortc's Opus encoder at a speech bitrate that may change between frames."""

    def __init__(self) -> None:
        super().__init__()
        self.codec = _open_codec(SPEECH_OPUS_BITRATE)
        self._wanted = SPEECH_OPUS_BITRATE
        self._samples_in = 0  # every sample given to a codec, since the first frame
        self._next_timestamp = 0  # the first sample of the next packet, in RTP time
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
            self._samples_in += resampled.samples
        if not packets:
            return [], None  # type: ignore[return-value]  # aiortc's own "buffering" answer
        timestamp = self._next_timestamp
        self._next_timestamp += self.codec.frame_size * len(packets)
        return [bytes(packet) for packet in packets], timestamp

    def _reopen(self, bit_rate: int) -> None:
        log.info("speech Opus -> %d kbit/s, %d ms a packet", bit_rate // 1000, packet_ms(bit_rate))
        self.codec = _open_codec(bit_rate)
        # A half-filled 40 ms packet of the old codec is dropped (20 ms of sound, once): RTP time
        # goes on from the first sample the new codec gets.
        self._next_timestamp = self._samples_in
        self.reopened += 1


def use_speech_opus() -> bool:
    """Makes aiortc build `SpeechOpusEncoder` for Opus senders (idempotent); False if unchecked."""
    codecs: Any = aiortc.codecs  # get_encoder looks `OpusEncoder` up here on every call
    if codecs.OpusEncoder is SpeechOpusEncoder:
        return True
    if not aiortc.__version__.startswith(_CHECKED_VERSIONS):
        log.warning("aiortc %s not checked: Opus keeps its default bitrate", aiortc.__version__)
        return False
    codecs.OpusEncoder = SpeechOpusEncoder
    return True


def set_speech_bitrate(sender: RTCRtpSender, bps: int) -> bool:
    """Sets the Opus bitrate of `sender`; False while it has no speech encoder yet (first frame)."""
    encoder = getattr(sender, _SENDER_ENCODER, None)
    if not isinstance(encoder, SpeechOpusEncoder):
        return False
    encoder.target_bitrate = bps
    return True
