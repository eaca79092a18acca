"""One call's WebRTC peer: an aiortc `RTCPeerConnection` for either role, negotiated once.

Audio, video (sendrecv) and the `control` data channel are negotiated in the first offer/answer
and never again: aiortc has no renegotiation, `restartIce` or `removeTrack`. Camera and
microphone switch with `replaceTrack`. The customer offers for live calls (`answer`), the advisor
offers for booked calls (`offer` then `accept_answer`). aiortc does not trickle candidates: each
SDP carries all of them, so gathering is bounded (`network.ice`).

Every method runs on the engine loop and never blocks it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import aiortc
from aiortc import (
    MediaStreamTrack,
    RTCDataChannel,
    RTCPeerConnection,
    RTCRtpSender,
    RTCRtpTransceiver,
    RTCSessionDescription,
)
from aiortc.sdp import candidate_from_sdp

from network import control_channel
from network.arrival_times import stamp_arrivals
from network.arrivals import ArrivalCounter, Arrivals
from network.bandwidth import RembObserver
from network.capture_clock import CapturedTrack, report_capture_moments
from network.consent import patient_consent
from network.control_channel import ControlMessage
from network.frame_assembly import use_prompt_jitter_buffer
from network.hidden_candidates import HiddenCandidate, without_hidden_candidates
from network.ice import IceServerLike, bound_gathering, peer_configuration, selected_candidate_types
from network.mdns import is_mdns_name, resolve_mdns_names
from network.probe_fill import ProbeFill
from network.retransmission import NackPacer, RetransmissionLimit
from network.round_trip import RoundTripObserver
from network.security_code import sha256_fingerprint
from network.speech_level import use_speech_level
from network.speech_on_loop import code_speech_on_loop
from network.speech_opus import SPEECH_OPUS_BITRATE, set_speech_bitrate, use_speech_opus
from network.video_allowance import allow_video_kbps
from network.video_budget import SPEECH_HEADERS_KBPS, VideoBudget
from network.video_encoder import HD_MAX_BITRATE, use_call_video_encoder
from network.video_jitter import use_timely_jitter_buffer

log = logging.getLogger(__name__)

__all__ = [
    "IP_UDP_HEADER_BYTES",
    "CallConnectionError",
    "CallPeer",
    "PeerSample",
    "StatsSampler",
    "on_the_line_kbps",
]

# The other side may send us as much video as our own HD encoder may spend
# (`network.video_allowance`).
VIDEO_ALLOWED_KBPS = HD_MAX_BITRATE // 1000
_UNSENT_KEPT = 20  # control messages kept until the channel opens (camera state, early chat)
# How long the names of a browser's hidden host addresses may take to resolve. A responder on the
# same computer or LAN answers within milliseconds, Firefox once its own checks began (after our
# description reached it). The call does not wait for this: ICE checks run meanwhile.
MDNS_WAIT_S = 2.0


class CallConnectionError(Exception):
    """The call's connection could not be set up or broke; `str()` is a readable reason."""


class CallPeer:
    """The peer connection of one call; hands remote tracks and control messages to callbacks."""

    def __init__(
        self,
        ice_servers: Iterable[IceServerLike],
        *,
        on_remote_track: Callable[[MediaStreamTrack], None],
        on_control: Callable[[ControlMessage], None],
        on_connection_state: Callable[[str], None] = lambda _state: None,
        relay_only: bool = False,
    ) -> None:
        use_speech_opus()
        use_speech_level()
        use_call_video_encoder()
        configuration = peer_configuration(ice_servers, relay_only=relay_only)
        self._pc = RTCPeerConnection(configuration)
        self._on_remote_track = on_remote_track
        self._on_control = on_control
        self._on_connection_state = on_connection_state
        self._audio = self._pc.addTransceiver("audio", direction="sendrecv")
        self._video = self._pc.addTransceiver("video", direction="sendrecv")
        _prefer_vp8(self._video)
        # Frames leave the receivers as soon as they are complete: speech here, video below
        # (the video's buffer also gives up on a lost packet, `network.video_jitter`).
        use_prompt_jitter_buffer(self._audio.receiver)
        code_speech_on_loop(self._audio.sender, self._audio.receiver)
        # Reports pair RTP time with the capture moment: the other side's picture waits no
        # longer than its speech because of our encode time (`network.capture_clock`).
        report_capture_moments(self._audio.sender)
        report_capture_moments(self._video.sender)
        self._channel: RTCDataChannel | None = None
        self._unsent: list[ControlMessage] = []
        self._configuration = configuration
        bound_gathering(self._pc, configuration)
        patient_consent(self._pc)
        self._connected = asyncio.get_running_loop().create_future()
        self._stats = StatsSampler()
        self._bandwidth = RembObserver()
        self._bandwidth.watch_sender(self._video.sender)
        self._bandwidth.watch_receiver(self._video.receiver)
        self._round_trip = RoundTripObserver()
        self._round_trip.watch_sender(self._audio.sender)
        self._round_trip.watch_sender(self._video.sender)
        self._arrivals = ArrivalCounter()
        self._arrivals.watch_receiver(self._audio.receiver, "audio")
        self._arrivals.watch_receiver(self._video.receiver, "video")
        # aiortc's repair of lost video, bounded so that it never floods the line, and the
        # video it sends held to the line's estimate.
        NackPacer().watch(self._video.receiver)
        use_timely_jitter_buffer(self._video.receiver, self._vp8_payload_types)
        self._speech_bps = SPEECH_OPUS_BITRATE
        self._video_budget = VideoBudget(self._bandwidth, lambda: self._speech_bps / 1000)
        self._video_budget.watch(self._video.sender)
        self._resends = RetransmissionLimit(lambda: self._video_budget.kbps)
        self._resends.watch(self._video.sender)
        self._fill = ProbeFill(self._pc)
        self._closed = False
        self._relay_only = relay_only
        self._revealing: set[asyncio.Task[None]] = set()
        self._pc.on("track", self._remote_track)
        self._pc.on("datachannel", self._remote_channel)
        self._pc.on("connectionstatechange", self._connection_state_changed)

    # Negotiation ------------------------------------------------------------------------------

    async def answer(self, offer_sdp: str) -> str:
        """Answers the other side's offer (live calls); returns the answer SDP to send."""
        _check_description(offer_sdp, "offer")
        usable = without_hidden_candidates(offer_sdp)
        await self._describe(
            self._pc.setRemoteDescription(RTCSessionDescription(usable.sdp, "offer")), "offer"
        )
        await self._describe(self._pc.setLocalDescription(await self._pc.createAnswer()), "answer")
        stamp_arrivals(self._pc)  # its sockets exist now; no packet was handled yet
        answer_sdp = allow_video_kbps(str(self._pc.localDescription.sdp), VIDEO_ALLOWED_KBPS)
        self._reveal(usable.hidden)
        return answer_sdp

    async def offer(self) -> str:
        """Creates this side's offer (booked calls); returns the SDP to send.

        The offerer opens the `control` channel in-band, as the customer page does when it offers.
        """
        self._use_channel(self._pc.createDataChannel(control_channel.CHANNEL_LABEL, ordered=True))
        bound_gathering(self._pc, self._configuration)
        patient_consent(self._pc)  # the data channel's transport, if it is a new one
        await self._describe(self._pc.setLocalDescription(await self._pc.createOffer()), "offer")
        stamp_arrivals(self._pc)
        return allow_video_kbps(str(self._pc.localDescription.sdp), VIDEO_ALLOWED_KBPS)

    async def accept_answer(self, answer_sdp: str) -> None:
        """Applies the other side's answer to `offer()`."""
        _check_description(answer_sdp, "answer")
        usable = without_hidden_candidates(answer_sdp)
        await self._describe(
            self._pc.setRemoteDescription(RTCSessionDescription(usable.sdp, "answer")), "answer"
        )
        self._reveal(usable.hidden)

    async def _describe(self, step: Any, what: str) -> None:
        try:
            await step
        except (ValueError, aiortc.exceptions.InternalError) as exc:
            raise CallConnectionError(
                f"The other side's {what} could not be used ({exc})."
            ) from exc
        except aiortc.exceptions.InvalidStateError as exc:
            raise CallConnectionError(f"The {what} came at the wrong moment ({exc}).") from exc
        except aiortc.exceptions.OperationError as exc:
            raise CallConnectionError(
                f"No common audio or video format with the other side ({exc})."
            ) from exc

    async def wait_connected(self, within_s: float) -> None:
        """Returns once media flows; raises `CallConnectionError` on failure or after `within_s`."""
        try:
            await asyncio.wait_for(asyncio.shield(self._connected), within_s)
        except TimeoutError as exc:
            raise CallConnectionError(
                f"The connection could not be set up within {within_s:.0f} seconds."
            ) from exc

    @property
    def connection_state(self) -> str:
        return str(self._pc.connectionState)

    def selected_candidate_types(self) -> tuple[str, str] | None:
        """(local, remote) types of the selected candidate pair, e.g. ("relay", "relay")."""
        return selected_candidate_types(self._pc)

    # Media ------------------------------------------------------------------------------------

    def set_video(self, track: MediaStreamTrack | None) -> None:
        """Sends `track` as video, or nothing (camera off); never renegotiates."""
        self._video.sender.replaceTrack(_carried(track))

    def set_audio(self, track: MediaStreamTrack | None) -> None:
        """Sends `track` as audio, or nothing (microphone off)."""
        self._audio.sender.replaceTrack(_carried(track))

    def set_video_cap(self, kbps: float | None) -> None:
        """Sends at most `kbps` of encoded video, whatever the estimate allows (None: no cap)."""
        self._video_budget.set_cap(kbps)

    def set_video_probe_kbps(self, kbps: float | None, fill: bool = False) -> None:
        """A probe sends `kbps` of video (None: no probe): enough to show what the line carries.

        The other side is asked for as much, with its speech (`RembObserver.invite`): a browser
        sends no more than our REMB allows, which a video pause left stale and low. With `fill`
        what the picture does not fill is padded (`network.probe_fill`): a full probe must show
        its rate; an opening on a thin line only has to stay clean.
        """
        self._video_budget.set_probe_kbps(kbps)
        if kbps is None or not fill:
            self._fill.stop()
        else:
            self._fill.start(kbps)
        speech = self._speech_bps / 1000 + SPEECH_HEADERS_KBPS
        self._bandwidth.invite(None if kbps is None else kbps + speech)

    def set_line_kbps(self, kbps: float | None) -> None:
        """The line towards the other side is full at `kbps` (the call's quality meter found it;
        None: no sign that it is full): the video sent leaves room for speech within it."""
        self._video_budget.set_line_kbps(kbps)

    @property
    def video_budget(self) -> VideoBudget:
        """What the video sender may send now (`network.video_budget`)."""
        return self._video_budget

    def set_speech_bitrate(self, kbps: int) -> None:
        """Sends speech at `kbps` (Opus payload) from now on (applied once the encoder exists)."""
        self._speech_bps = kbps * 1000
        set_speech_bitrate(self._audio.sender, self._speech_bps)

    @property
    def speech_kbps(self) -> int:
        """The speech bitrate asked for (kbit/s)."""
        return self._speech_bps // 1000

    def send(self, message: ControlMessage) -> bool:
        """Sends a control message now (True) or once the channel opens (False; a few are kept)."""
        channel = self._channel
        if channel is None or channel.readyState != "open":
            if len(self._unsent) < _UNSENT_KEPT:
                self._unsent.append(message)
            else:
                log.info("control channel not open: %s dropped", type(message).__name__)
            return False
        channel.send(control_channel.encode(message))
        return True

    async def add_remote_candidate(
        self, candidate: str, sdp_mid: str | None, sdp_mline_index: int | None
    ) -> None:
        """A candidate the other side trickled after its SDP (browsers do; aiortc does not)."""
        text = candidate.removeprefix("candidate:")
        if not text:
            return  # the end-of-candidates marker
        try:
            parsed = candidate_from_sdp(text)
        except (ValueError, IndexError) as exc:
            log.info("ignored a malformed remote candidate (%s)", exc)
            return
        if is_mdns_name(parsed.ip):
            self._reveal((HiddenCandidate(parsed.ip, text, sdp_mid, sdp_mline_index or 0),))
            return
        parsed.sdpMid = sdp_mid
        parsed.sdpMLineIndex = sdp_mline_index
        if parsed.sdpMid is None and parsed.sdpMLineIndex is None:
            parsed.sdpMLineIndex = 0
        try:
            await self._pc.addIceCandidate(parsed)
        except (ValueError, aiortc.exceptions.InvalidStateError) as exc:
            log.info("could not add a remote candidate (%s)", exc)

    def _reveal(self, hidden: tuple[HiddenCandidate, ...]) -> None:
        """Resolves the names of `hidden` candidates and adds those that answered.

        Not with a relay-only policy: a lookup on the local network is what relay-only avoids
        (and the relay reaches the browser without it).
        """
        if not hidden or self._relay_only or self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._add_revealed(hidden))
        self._revealing.add(task)
        task.add_done_callback(self._revealing.discard)

    async def _add_revealed(self, hidden: tuple[HiddenCandidate, ...]) -> None:
        found = await resolve_mdns_names({c.name for c in hidden}, MDNS_WAIT_S)
        log.info(
            "hidden host candidates: %d resolved, %d without an mDNS answer (left to ICE checks)",
            sum(c.name in found for c in hidden),
            sum(c.name not in found for c in hidden),
        )
        for candidate in hidden:
            if candidate.name in found and not self._closed:
                revealed = candidate.revealed(found[candidate.name])
                await self.add_remote_candidate(
                    revealed, candidate.sdp_mid, candidate.sdp_mline_index
                )

    async def sample(self) -> PeerSample:
        """Figures since the previous sample (call about once a second)."""
        set_speech_bitrate(self._audio.sender, self._speech_bps)  # the encoder opens late
        arrivals = self._arrivals.totals() if self._arrivals.watching else None
        return self._stats.sample(await self._pc.getStats(), arrivals, self._resends.asked)

    def _vp8_payload_types(self) -> set[int]:
        """The payload types the other side's VP8 arrives with (once negotiated)."""
        codecs = getattr(self._video, "_codecs", ())
        return {codec.payloadType for codec in codecs if codec.mimeType.lower() == "video/vp8"}

    @property
    def bandwidth(self) -> RembObserver:
        """The REMB estimates of this call's video, both directions (`network.bandwidth`)."""
        return self._bandwidth

    @property
    def round_trip(self) -> RoundTripObserver:
        """The raw round trip of this call's audio and video (`network.round_trip`)."""
        return self._round_trip

    async def close(self) -> None:
        """Stops sending and receiving and releases the sockets; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._fill.stop()
        for task in list(self._revealing):
            task.cancel()
        if not self._connected.done():
            self._connected.set_exception(CallConnectionError("The call was closed."))
            self._connected.exception()  # retrieved: nobody else may be waiting
        await self._pc.close()

    # Callbacks from aiortc --------------------------------------------------------------------

    def _remote_track(self, track: MediaStreamTrack) -> None:
        log.info("remote %s track", track.kind)
        self._on_remote_track(track)

    def _remote_channel(self, channel: RTCDataChannel) -> None:
        # A browser that opened `control` in-band (not negotiated) is understood too.
        if channel.label == control_channel.FILL_LABEL:
            log.info("the other side tops up a probe with padding")
            return
        if channel.label != control_channel.CHANNEL_LABEL:
            log.info("ignored a data channel %r", channel.label[:40])
            return
        log.info("control channel opened by the other side")
        self._use_channel(channel)
        self._flush_unsent()

    def _use_channel(self, channel: RTCDataChannel) -> None:
        self._channel = channel

        @channel.on("message")
        def on_message(raw: str | bytes) -> None:
            message = control_channel.decode(raw)  # never raises: the other side's input
            if message is None:
                return
            try:
                self._on_control(message)
            except Exception:  # our own fault: it must not reach aiortc's loop and end the call
                log.exception("control: handling a %s failed", type(message).__name__)

        channel.on("open", self._flush_unsent)

    def _flush_unsent(self) -> None:
        unsent, self._unsent = self._unsent, []
        for message in unsent:
            self.send(message)

    def _connection_state_changed(self) -> None:
        state = self._pc.connectionState
        log.info("peer connection %s", state)
        if state == "connected" and not self._connected.done():
            self._connected.set_result(None)
        elif state in ("failed", "closed") and not self._connected.done():
            self._connected.set_exception(CallConnectionError(_failure_text(state)))
            self._connected.exception()
        self._on_connection_state(state)


def _carried(track: MediaStreamTrack | None) -> MediaStreamTrack | None:
    return None if track is None else CapturedTrack(track)


def _check_description(sdp: str, what: str) -> None:
    """A description without media or a DTLS fingerprint cannot make an encrypted call."""
    if "\nm=" not in sdp or sha256_fingerprint(sdp) is None:
        raise CallConnectionError(f"The other side's {what} is not a usable call description.")


def _failure_text(state: str) -> str:
    if state == "failed":
        return "No network path to the other side was found (firewall or no TURN relay)."
    return "The call was closed."


def _prefer_vp8(transceiver: RTCRtpTransceiver) -> None:
    """VP8 first (every browser decodes it; aiortc encodes it best), H.264 still accepted."""
    codecs = RTCRtpSender.getCapabilities("video").codecs
    order = {"video/vp8": 0, "video/rtx": 1, "video/h264": 2}
    transceiver.setCodecPreferences(
        sorted(codecs, key=lambda codec: order.get(codec.mimeType.lower(), 3))
    )


# Statistics ------------------------------------------------------------------------------------

# What each datagram costs on the line beyond its UDP payload: IPv4 20 and UDP 8 bytes (IPv6
# costs 20 more; counting IPv4 never overstates a line). A line's speed, the platform's 320
# kbit/s and the quality rule's audio minimum count them: at ~90 packets a second of speech and
# a small picture they are ~20 kbit/s, 6 % of the video minimum.
IP_UDP_HEADER_BYTES = 28


def on_the_line_kbps(payload_kbps: float, packets_per_s: float) -> float:
    """What `payload_kbps` of UDP payload in `packets_per_s` datagrams takes on the line."""
    return payload_kbps + packets_per_s * IP_UDP_HEADER_BYTES * 8 / 1000


# Video packets sent in an interval below which the share asked for again says nothing.
_ASKED_MIN_PACKETS = 20


@dataclass(frozen=True, slots=True)
class PeerSample:
    """One interval of call figures: kbit/s per direction and kind, loss 0..1, round trip in ms.

    `sent_kbps` and `received_kbps` (the totals) are everything the call's transport sent and
    received: SRTP media with its retransmissions, SRTCP, and the data channel (DTLS/SCTP), as
    UDP payload (without the IP and UDP headers). The per-kind figures are RTP (12 header bytes
    plus payload): sent, what the encoders produced (aiortc's outbound-rtp, retransmissions
    not included); received, what arrived packet by packet (`network.arrivals`, retransmissions
    included), or, on an aiortc where that cannot be counted, the other side's RTCP sender
    reports (lumpy: a browser sends them for audio only every few seconds).
    """

    sent_kbps: float
    received_kbps: float
    audio_sent_kbps: float
    video_sent_kbps: float
    audio_received_kbps: float
    video_received_kbps: float
    loss: float
    rtt_ms: float | None
    sent_loss: float = 0.0
    """Share of our packets the other side reported lost (RTCP receiver reports), 0..1: after
    repair (a packet a retransmission repaired counts as received)."""
    sent_asked: float = 0.0
    """Share of our video packets the other side asked for again (NACK), 0..1: what the line
    dropped before repair (`network.retransmission`)."""
    packets_received: int = 0
    """RTP packets (audio and video) that arrived in the interval: media from the other side."""
    audio_packets_received: float = 0.0
    """Audio packets that arrived per second (speech: 50 a second while it flows, in 20 ms
    packets)."""
    speech_ms_received: float = 0.0
    """Milliseconds of sound that arrived per second: 1000 while speech flows in full."""
    datagrams_received: float = 0.0
    """UDP datagrams the transport received per second (media, RTCP, the data channel)."""

    @property
    def received_on_the_line_kbps(self) -> float:
        """`received_kbps` with the IP and UDP headers of its datagrams: what the line carried."""
        return on_the_line_kbps(self.received_kbps, self.datagrams_received)


class StatsSampler:
    """Turns aiortc's cumulative `getStats()` counters into per-interval figures."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_time: float | None = None
        self._last: dict[str, float] = {}

    def sample(
        self, report: Mapping[str, Any], arrivals: Arrivals | None = None, asked: int = 0
    ) -> PeerSample:
        """The interval since the previous call; `arrivals` counts what arrived per kind,
        `asked` the video packets the other side asked for again so far."""
        totals: dict[str, float] = {"video_asked": float(asked)}
        rtts: list[float] = []
        for stats in report.values():
            kind = getattr(stats, "kind", "")
            match getattr(stats, "type", ""):
                case "transport":
                    _add(totals, "sent", stats.bytesSent)
                    _add(totals, "received", stats.bytesReceived)
                    _add(totals, "datagrams", stats.packetsReceived)
                case "outbound-rtp":
                    _add(totals, f"{kind}_sent", stats.bytesSent)
                    _add(totals, f"{kind}_packets_sent", stats.packetsSent)
                case "remote-outbound-rtp" if arrivals is None:
                    _add(totals, f"{kind}_received", stats.bytesSent)
                case "inbound-rtp" if arrivals is None:  # one stream a receiver (network.arrivals)
                    lost = max(0, stats.packetsLost)
                    _add(totals, "packets_received", stats.packetsReceived)
                    _add(totals, "packets_lost", lost)
                    _add(totals, "packets_expected", stats.packetsReceived + lost)
                case "remote-inbound-rtp":
                    _add(totals, "remote_received", max(0, stats.packetsReceived))
                    _add(totals, "remote_lost", max(0, stats.packetsLost))
                    if stats.roundTripTime is not None:
                        rtts.append(float(stats.roundTripTime))
        if arrivals is not None:
            totals["audio_received"] = arrivals.audio_bytes
            totals["video_received"] = arrivals.video_bytes
            totals["audio_packets"] = arrivals.audio_packets
            totals["audio_ms"] = arrivals.audio_ms
            totals["packets_received"] = arrivals.audio_packets + arrivals.video_packets
            totals["packets_lost"] = arrivals.lost
            totals["packets_expected"] = arrivals.expected
        now = self._clock()
        elapsed = max(now - self._last_time, 1e-3) if self._last_time is not None else None
        delta = {key: value - self._last.get(key, 0.0) for key, value in totals.items()}
        self._last, self._last_time = totals, now

        def per_second(key: str) -> float:
            return 0.0 if elapsed is None else max(0.0, delta.get(key, 0.0)) / elapsed

        def kbps(key: str) -> float:
            return per_second(key) * 8 / 1000

        lost = max(0.0, delta.get("packets_lost", 0.0))
        expected = max(lost, delta.get("packets_expected", 0.0))
        remote_lost = max(0.0, delta.get("remote_lost", 0.0))
        remote_expected = remote_lost + max(0.0, delta.get("remote_received", 0.0))
        return PeerSample(
            sent_kbps=kbps("sent"),
            received_kbps=kbps("received"),
            audio_sent_kbps=kbps("audio_sent"),
            video_sent_kbps=kbps("video_sent"),
            audio_received_kbps=kbps("audio_received"),
            video_received_kbps=kbps("video_received"),
            loss=lost / expected if expected else 0.0,
            rtt_ms=max(rtts) * 1000 if rtts else None,
            sent_loss=remote_lost / remote_expected if remote_expected else 0.0,
            sent_asked=_asked_share(
                delta.get("video_asked", 0.0), delta.get("video_packets_sent", 0.0)
            ),
            packets_received=int(max(0.0, delta.get("packets_received", 0.0))),
            audio_packets_received=per_second("audio_packets"),
            speech_ms_received=per_second("audio_ms"),
            datagrams_received=per_second("datagrams"),
        )


def _asked_share(asked: float, sent: float) -> float:
    """The share of the video packets sent that were asked for again; none where too few were
    sent to say (a NACK answers packets of the second before: as video pauses, a few asked for
    against none sent would read as a line that drops everything)."""
    return min(1.0, max(0.0, asked) / sent) if sent >= _ASKED_MIN_PACKETS else 0.0


def _add(totals: dict[str, float], key: str, value: float) -> None:
    totals[key] = totals.get(key, 0.0) + float(value)
