"""What the call window says, as pure functions: durations, phases, end reasons, initials.

Kept free of widgets so every sentence the advisor reads can be tested directly. The sentences
are translated under the context "CallTexts" (English until a catalogue is installed).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from advisor_app.call.listener import CallPhase
from advisor_app.domain.models import Call, EndReason
from ui.translations import core_text, tr_noop

# The platform's limit for one chat message (docs/platform-api.md, data channel and messages).
CHAT_MAX_CHARS = 2000

# English source texts, marked for `pyside6-lupdate`; `_tr` translates them when shown.
NEVER_CONNECTED = tr_noop("CallTexts", "Not billed: the call never connected")

_END_REASONS: dict[str, str] = {
    EndReason.HANGUP: tr_noop("CallTexts", "The call was hung up"),
    EndReason.BANDWIDTH: tr_noop("CallTexts", "The connection was too slow"),
    EndReason.ABUSE: tr_noop("CallTexts", "The call was ended for abuse"),
    EndReason.UNVERIFIED: tr_noop("CallTexts", "The customer's booking could not be verified"),
    EndReason.NO_ANSWER: tr_noop("CallTexts", "No answer"),
    EndReason.ERROR: tr_noop("CallTexts", "The call could not continue because of an error"),
    EndReason.BOOKED_END: tr_noop("CallTexts", "The booked time is over"),
    EndReason.NO_SHOW: tr_noop("CallTexts", "The customer did not come"),
    EndReason.CONNECTION_LOST: tr_noop(
        "CallTexts", "The connection was lost: the platform no longer heard from one side"
    ),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CallTexts", text)


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
        return QCoreApplication.translate("CallTexts", "Reconnecting to %1…").replace("%1", alias)
    return {
        CallPhase.RINGING: QCoreApplication.translate("CallTexts", "Waiting for %1…"),
        CallPhase.CONNECTING: QCoreApplication.translate("CallTexts", "Connecting to %1…"),
        CallPhase.IN_CALL: QCoreApplication.translate("CallTexts", "In call"),
        CallPhase.ENDING: QCoreApplication.translate("CallTexts", "Ending the call…"),
        CallPhase.ENDED: QCoreApplication.translate("CallTexts", "Call ended"),
    }[phase].replace("%1", alias)


def end_reason_text(reason: str, call: Call | None, alias: str) -> str:
    """Why the call ended, in words.

    `reason` is the call's own account (a sentence such as "Signalling failed: timeout", or a
    bare reason code); the platform's record, when there is one, says who hung up. The call's
    sentences come from the core and are translated where they were marked.
    """
    recorded = call.end_reason if call is not None else None
    if recorded == EndReason.HANGUP and call is not None and call.ended_by is not None:
        return {
            "advisor": QCoreApplication.translate("CallTexts", "You hung up"),
            "customer": QCoreApplication.translate("CallTexts", "%1 hung up").replace("%1", alias),
            "platform": QCoreApplication.translate("CallTexts", "The platform ended the call"),
        }.get(call.ended_by, _tr(_END_REASONS[EndReason.HANGUP]))
    text = reason.strip()
    if text and text not in _END_REASONS:
        text = core_text(text)
        return text[:1].upper() + text[1:]
    code = str(recorded) if recorded is not None else text
    if code in _END_REASONS:
        return _tr(_END_REASONS[code])
    return QCoreApplication.translate("CallTexts", "The call has ended")


def billed_text(call: Call | None) -> str:
    """The platform's record of what the customer pays for, or why it is not known."""
    if call is None:
        return QCoreApplication.translate(
            "CallTexts", "The billed time could not be fetched from the platform"
        )
    if call.billed_seconds <= 0:
        return _tr(NEVER_CONNECTED)
    return QCoreApplication.translate("CallTexts", "Billed %1").replace(
        "%1", format_duration(call.billed_seconds)
    )


def unconfirmed_text(decided: str) -> str:
    """The platform has not acknowledged the hang-up yet (`decided`: the time it was decided)."""
    return QCoreApplication.translate(
        "CallTexts",
        "The platform has not confirmed the end yet: the app keeps telling it. "
        "Billing stops at %1.",
    ).replace("%1", decided)


def security_code_hint(code: str) -> str:
    """Tooltip and accessible description for the security code."""
    return QCoreApplication.translate(
        "CallTexts",
        "Security code %1: read it to your customer. "
        "If it matches what they see, no one is listening in.",
    ).replace("%1", code)
