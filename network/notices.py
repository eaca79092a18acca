"""The quality notices the advisor's app tells the customer's side: codes with parameters.

The `control` channel's `notice` message carries a code and whole-number parameters, never display
text (docs/platform-api.md, "Notices"); each side words it in its reader's language: the app shows
the quality rule's own sentence (`advisor_app.quality.policy`, translated in the window), the
customer's page its German (`platform_server/static/texts.js`). `english` gives the app's English
sentence for a code, for reports and tests (the rule's sentence, word for word).
"""

from __future__ import annotations

from advisor_app.domain.texts import N_
from network.control_channel import Notice, NoticeCode  # the codes live with the wire

__all__ = ["COUNTDOWN_FORM", "COUNTING_DOWN", "NoticeCode", "english", "notice", "sentence"]

# The app's own sentences (the quality rule's, same context), with their parameters.
_ENGLISH: dict[NoticeCode, str] = {
    NoticeCode.VIDEO_PAUSED: N_("CallQuality", "Video paused: connection too slow."),
    NoticeCode.VIDEO_BACK: N_("CallQuality", "Video is back: the connection recovered."),
    NoticeCode.FULL_VIDEO_AGAIN: N_("CallQuality", "Full video again: the connection recovered."),
    NoticeCode.CONNECTION_INTERRUPTED: N_(
        "CallQuality", "Connection interrupted: trying to restore it."
    ),
    NoticeCode.CONNECTION_BACK: N_("CallQuality", "The connection is back."),
    NoticeCode.CONNECTION_RECOVERED: N_(
        "CallQuality", "The connection recovered: the call continues."
    ),
    NoticeCode.ENDING_TOO_SLOW: N_(
        "CallQuality", "Connection too slow even for audio: the call is about to end."
    ),
    NoticeCode.ENDING_CONNECTION_LOST: N_(
        "CallQuality", "Connection lost: the call ends unless it comes back."
    ),
    NoticeCode.ENDED_TOO_SLOW: N_("CallQuality", "Connection too slow: the call was ended."),
    NoticeCode.ENDED_CONNECTION_LOST: N_(
        "CallQuality", "Connection lost for {seconds} seconds: the call was ended."
    ),
    NoticeCode.CODE_UNVERIFIED: N_(
        "CallQuality",
        "The security code could not be verified: someone may be listening in. The call was ended.",
    ),
}
COUNTING_DOWN = frozenset({NoticeCode.ENDING_TOO_SLOW, NoticeCode.ENDING_CONNECTION_LOST})


COUNTDOWN_FORM = N_("CallQuality", "{reason} ({seconds} s)")


def sentence(code: NoticeCode) -> str:
    """The app's English sentence of `code` before its parameters are filled in (its N_ source)."""
    return _ENGLISH[code]


def notice(code: NoticeCode, **params: int) -> Notice:
    """The `notice` control message for `code`."""
    return Notice(code.value, params)


def english(message: Notice) -> str | None:
    """The app's English sentence for a notice (None for a code this app does not know); a
    countdown adds its seconds in brackets."""
    try:
        code = NoticeCode(message.code)
        text = _ENGLISH[code].format(**message.params)
    except (ValueError, KeyError):
        return None
    if code in COUNTING_DOWN and "seconds" in message.params:
        text = COUNTDOWN_FORM.format(reason=text, seconds=message.params["seconds"])
    return text
