"""The `control` data channel's v1 messages (docs/platform-api.md, "Data channel") as typed values.

Both people's apps send small JSON objects with `"v": 1` and a `"type"`. Decoding never raises:
an unknown type, a malformed message or a newer version is logged and gives None, so a newer or
misbehaving peer cannot break the call. What the other side sends is parsed within bounds
(`network.bounded_json`: 16 KB, nesting 4 deep, finite numbers only), and a `notice` is taken only
as a code this app knows with exactly the parameters that code takes: the other side never puts
its own words into the advisor's window.
"""

from __future__ import annotations

import enum
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from network import bounded_json

log = logging.getLogger(__name__)

# The offerer opens the channel in-band (DCEP); the answerer receives it (docs/platform-api.md).
CHANNEL_LABEL = "control"
# The customer page's padding that tops up a probe (unordered, never retransmitted): only its
# bytes count, as what the line carried towards us; the messages themselves are dropped.
FILL_LABEL = "fill"
VERSION = 1
MAX_CHAT_CHARS = 2000
MAX_NOTICE_PARAMS = 4  # a notice's whole-number parameters (`seconds`, …)
NOTICE_PARAM_RANGE = range(0, 1_000_001)
_CODE = re.compile(r"[a-z][a-z_]{0,63}")
AUDIO_KBPS_RANGE = range(8, 65)  # what `audio_bitrate` may ask for: Opus speech, kbit/s
VIDEO_KBPS_RANGE = range(50, 5001)  # what a `video_request` may cap video at, kbit/s
_MAX_MESSAGE_CHARS = 16 * 1024
_MAX_DEPTH = 4  # {"params": {…}} is the deepest a message of ours goes
MAX_STATS_FIGURES = 32
_FIGURE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


class NoticeCode(enum.StrEnum):
    """What happened to the call's line (the code on the wire; `network.notices` words it)."""

    VIDEO_PAUSED = "video_paused"
    VIDEO_BACK = "video_back"
    FULL_VIDEO_AGAIN = "full_video_again"
    CONNECTION_INTERRUPTED = "connection_interrupted"
    CONNECTION_BACK = "connection_back"
    CONNECTION_RECOVERED = "connection_recovered"  # the line carries audio again: no end
    ENDING_TOO_SLOW = "ending_too_slow"  # {seconds} until the call ends
    ENDING_CONNECTION_LOST = "ending_connection_lost"  # {seconds} until the call ends
    ENDED_TOO_SLOW = "ended_too_slow"
    ENDED_CONNECTION_LOST = "ended_connection_lost"  # {seconds} without a connection
    # The security code's commitment was missing or broken (`network.security_code`): the side
    # that found it shows this itself and ends the call with reason `unverified`.
    CODE_UNVERIFIED = "code_unverified"


# The parameters each code carries (docs/platform-api.md, "Notices"); the others carry none.
NOTICE_PARAMETERS: Mapping[NoticeCode, frozenset[str]] = {
    NoticeCode.ENDING_TOO_SLOW: frozenset({"seconds"}),
    NoticeCode.ENDING_CONNECTION_LOST: frozenset({"seconds"}),
    NoticeCode.ENDED_CONNECTION_LOST: frozenset({"seconds"}),
}


@dataclass(frozen=True, slots=True)
class CameraChanged:
    """The sender turned its camera on or off (off: show the audio-only tile)."""

    on: bool


@dataclass(frozen=True, slots=True)
class MicrophoneChanged:
    on: bool


@dataclass(frozen=True, slots=True)
class ChatLine:
    text: str


@dataclass(frozen=True, slots=True)
class VideoRequest:
    """Please stop (`on=False`) or resume sending video, for a quality `reason`; a probe
    (`reason="probe"`) asks for at most `max_kbps` of video (None: as the sender's estimate), and
    with `fill` for that much, padded where the picture makes less (`network.probe_fill`)."""

    on: bool
    reason: str
    max_kbps: int | None = None
    fill: bool = False


@dataclass(frozen=True, slots=True)
class AudioBitrate:
    """Please send speech at most at `kbps` (Opus payload): the line is slow, or fast again."""

    kbps: int


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the person, as a code with whole-number parameters (`network.notices`);
    each side words it in its reader's language."""

    code: str
    params: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PeerStatsReport:
    """The other side's own figures (the browser's `stats` message), kept as plain numbers."""

    figures: tuple[tuple[str, float], ...]


ControlMessage = (
    CameraChanged
    | MicrophoneChanged
    | ChatLine
    | VideoRequest
    | AudioBitrate
    | Notice
    | PeerStatsReport
)


def encode(message: ControlMessage) -> str:
    """The JSON text for `message` (chat and notices are cut to their maximum length)."""
    body: dict[str, Any] = {"v": VERSION}
    match message:
        case CameraChanged(on=on):
            body |= {"type": "camera", "on": on}
        case MicrophoneChanged(on=on):
            body |= {"type": "microphone", "on": on}
        case ChatLine(text=text):
            body |= {"type": "chat", "text": text[:MAX_CHAT_CHARS]}
        case VideoRequest(on=on, reason=reason, max_kbps=max_kbps, fill=fill):
            body |= {"type": "video_request", "on": on, "reason": reason}
            if max_kbps is not None:
                body["max_kbps"] = max_kbps
            if fill:
                body["fill"] = True
        case AudioBitrate(kbps=kbps):
            body |= {"type": "audio_bitrate", "kbps": kbps}
        case Notice(code=code, params=params):
            body |= {"type": "notice", "code": code, "params": dict(params)}
        case PeerStatsReport(figures=figures):
            body |= {"type": "stats", **dict(figures)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def decode(raw: str | bytes) -> ControlMessage | None:
    """The typed message, or None (logged) for anything unknown, malformed or too new."""
    try:
        body = bounded_json.loads(raw, max_chars=_MAX_MESSAGE_CHARS, max_depth=_MAX_DEPTH)
        if not isinstance(body, dict):
            raise ValueError("not a JSON object")
        return _decode_body(body)
    except (ValueError, TypeError) as exc:
        log.warning("control: ignored a malformed message (%s)", _one_line(str(exc)))
        return None


def _decode_body(body: dict[str, Any]) -> ControlMessage | None:  # noqa: PLR0911 (one per type)
    version = body.get("v")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("missing version")
    if version > VERSION:
        log.info("control: ignored a message of newer version %d", version)
        return None
    kind = body.get("type")
    match kind:
        case "camera":
            return CameraChanged(_flag(body, "on"))
        case "microphone":
            return MicrophoneChanged(_flag(body, "on"))
        case "chat":
            return ChatLine(_text(body, "text", MAX_CHAT_CHARS))
        case "video_request":
            reason = body.get("reason", "")  # a code ("bandwidth", "probe"); the app logs it
            known = isinstance(reason, str) and _CODE.fullmatch(reason)
            capped = "max_kbps" in body
            return VideoRequest(
                _flag(body, "on"),
                reason if known else "",
                _whole(body, "max_kbps", VIDEO_KBPS_RANGE) if capped else None,
                fill=body.get("fill") is True,
            )
        case "audio_bitrate":
            return AudioBitrate(_whole(body, "kbps", AUDIO_KBPS_RANGE))
        case "notice":
            return _notice(body)
        case "stats":
            return _stats(body)
    log.info("control: ignored a message of unknown type %r", _one_line(str(kind)[:40]))
    return None


def _flag(body: dict[str, Any], key: str) -> bool:
    value = body.get(key)
    if not isinstance(value, bool):
        raise ValueError(f"{key!r} must be true or false")
    return value


def _whole(body: dict[str, Any], key: str, allowed: range) -> int:
    value = body.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value not in allowed:
        raise ValueError(f"{key!r} must be a whole number from {allowed[0]} to {allowed[-1]}")
    return value


def _code(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not _CODE.fullmatch(value):
        raise ValueError(f"{key!r} must be a code of lower-case letters and underscores")
    return value


def _notice(body: dict[str, Any]) -> Notice | None:
    code, params = _code(body, "code"), _params(body, "params")
    try:
        known = NoticeCode(code)
    except ValueError:
        log.info("control: ignored a notice of unknown code %r", code)  # a newer app's
        return None
    if set(params) != NOTICE_PARAMETERS.get(known, frozenset()):
        raise ValueError(f"notice {code!r} with parameters {sorted(params)}")
    return Notice(known.value, params)


def _stats(body: dict[str, Any]) -> PeerStatsReport:
    """Numbers under short names (at most MAX_STATS_FIGURES); the parser let finite ones only."""
    figures = tuple(
        (key, float(value))
        for key, value in body.items()
        if key not in ("v", "type")
        and _FIGURE_NAME.fullmatch(key)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    )
    if len(figures) > MAX_STATS_FIGURES:
        raise ValueError(f"more than {MAX_STATS_FIGURES} figures")
    return PeerStatsReport(figures)


def _one_line(text: str) -> str:
    """Printable characters only: what the other side sent never breaks a log line."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _params(body: dict[str, Any], key: str) -> dict[str, int]:
    value = body.get(key, {})
    if not isinstance(value, dict) or len(value) > MAX_NOTICE_PARAMS:
        raise ValueError(f"{key!r} must be an object of at most {MAX_NOTICE_PARAMS} numbers")
    for name in value:
        if not _CODE.fullmatch(str(name)):
            raise ValueError(f"{key!r} names must be lower-case letters and underscores")
    return {str(name): _whole(value, name, NOTICE_PARAM_RANGE) for name in value}


def _text(body: dict[str, Any], key: str, limit: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string")
    if len(value) > limit:
        raise ValueError(f"{key!r} longer than {limit} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{key!r} is not valid Unicode (a lone surrogate)") from None
    return value
