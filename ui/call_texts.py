"""What the call window says, as pure functions: durations, phases, end reasons, initials.

Kept free of widgets so every sentence the advisor reads can be tested directly.
"""

from __future__ import annotations

from advisor_app.call_listener import CallPhase
from advisor_app.domain.models import Call, EndReason

# The platform's limit for one chat message (docs/platform-api.md, data channel and messages).
CHAT_MAX_CHARS = 2000

NEVER_CONNECTED = "Not billed: the call never connected"

_END_REASONS: dict[str, str] = {
    EndReason.HANGUP: "The call was hung up",
    EndReason.BANDWIDTH: "The connection was too slow",
    EndReason.ABUSE: "The call was ended for abuse",
    EndReason.UNVERIFIED: "The customer's booking could not be verified",
    EndReason.NO_ANSWER: "No answer",
    EndReason.ERROR: "The call could not continue because of an error",
    EndReason.BOOKED_END: "The booked time is over",
}


def format_duration(seconds: float) -> str:
    """`m:ss` below an hour, `h:mm:ss` above; negative input counts as zero."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_timer(seconds: float) -> str:
    """The running call timer: `mm:ss` (and `h:mm:ss` past an hour)."""
    total = max(0, int(seconds))
    if total >= 3600:
        return format_duration(total)
    minutes, secs = divmod(total, 60)
    return f"{minutes:02d}:{secs:02d}"


def initials(alias: str) -> str:
    """Up to two letters for the placeholder tile: "Mia Sommer" -> "MS", "mia" -> "M"."""
    words = [w for w in alias.split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def phase_text(phase: CallPhase, alias: str, *, was_connected: bool = False) -> str:
    """The line shown in place of the timer while the call is not (or no longer) running."""
    if phase == CallPhase.CONNECTING and was_connected:
        return f"Reconnecting to {alias}…"
    return {
        CallPhase.RINGING: f"Waiting for {alias}…",
        CallPhase.CONNECTING: f"Connecting to {alias}…",
        CallPhase.IN_CALL: "In call",
        CallPhase.ENDING: "Ending the call…",
        CallPhase.ENDED: "Call ended",
    }[phase]


def end_reason_text(reason: str, call: Call | None, alias: str) -> str:
    """Why the call ended, in words.

    `reason` is the call's own account (a sentence such as "Signalling failed: timeout", or a
    bare reason code); the platform's record, when there is one, says who hung up.
    """
    recorded = call.end_reason if call is not None else None
    if recorded == EndReason.HANGUP and call is not None and call.ended_by is not None:
        return {
            "advisor": "You hung up",
            "customer": f"{alias} hung up",
            "platform": "The platform ended the call",
        }.get(call.ended_by, _END_REASONS[EndReason.HANGUP])
    text = reason.strip()
    if text and text not in _END_REASONS:
        return text[:1].upper() + text[1:]
    code = str(recorded) if recorded is not None else text
    return _END_REASONS.get(code, "The call has ended")


def billed_text(call: Call | None) -> str:
    """The platform's record of what the customer pays for, or why it is not known."""
    if call is None:
        return "The billed time could not be fetched from the platform"
    if call.billed_seconds <= 0:
        return NEVER_CONNECTED
    return f"Billed {format_duration(call.billed_seconds)}"


def security_code_hint(code: str) -> str:
    """Tooltip and accessible description for the security code."""
    return (
        f"Security code {code}: read it to your customer. "
        "If it matches what they see, no one is listening in."
    )
