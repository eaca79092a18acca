"""The platform's rules for a call's bill and its end, as pure functions (no I/O, no clock).

The media of a call is end-to-end encrypted and flows between the two parties directly, so the
platform learns about it only from the parties: each sends a heartbeat every
`HEARTBEAT_INTERVAL` over its event socket saying whether media arrives from the other side.

- **Billing starts** when both parties have confirmed media (the later of their first
  confirmations) and runs to the last moment at which both had confirmed it (`confirmed_until`:
  the earlier of their last confirmations), or to the end, whichever is earlier.
- **A party's hang-up** carries the moment the party decided to end. The platform bills up to
  that moment, never past it and never past its own now; it believes a decided moment after the
  last confirmed media for at most `REPORT_GRACE` (a line that collapses first stops the
  heartbeats, then makes the app decide to end).
- **A silent party** (no heartbeat for `SILENCE_LIMIT`) makes the platform end the call with
  `connection_lost`, billed to the last confirmed media.
- **Who may say why a call ended**: each party has its own reasons; `booked_end`, `no_answer`,
  `no_show` and `connection_lost` come only from the platform's own rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

HEARTBEAT_INTERVAL = timedelta(seconds=2)
# 20 s: ten heartbeats, enough for an event socket to reconnect after a short cut or a platform
# restart (the app's and the page's backoff reach 15 s), and short enough that both parties of a
# dead call are let go well within 30 s.
SILENCE_LIMIT = timedelta(seconds=20)
# A party's decided end is believed this long past the last confirmed media: as long as the
# platform itself waits for a silent party.
REPORT_GRACE = SILENCE_LIMIT

# The reasons each party may give for ending a call. The identity check and abuse are the
# advisor's decisions (platform rules); `bandwidth` and `error` are what a failing line or
# program reports, from either side; `unverified` also what the side that checks the security
# code's commitment reports when it is broken (the customer's, when the advisor offered).
PARTY_REASONS: dict[str, frozenset[str]] = {
    "advisor": frozenset({"hangup", "bandwidth", "error", "unverified", "abuse"}),
    "customer": frozenset({"hangup", "bandwidth", "error", "unverified"}),
}
# Reasons that only the platform's own rules give: the booked time (`booked_end`, `no_answer`,
# `no_show`) and a party that fell silent (`connection_lost`). The platform also ends a call that
# never connected with `error`.
PLATFORM_REASONS: frozenset[str] = frozenset(
    {"booked_end", "no_answer", "no_show", "connection_lost"}
)
END_REASONS: tuple[str, ...] = (
    "hangup", "bandwidth", "abuse", "unverified", "error", "no_answer", "booked_end", "no_show",
    "connection_lost",
)  # fmt: skip


class ClaimRefusedError(Exception):
    """A party gave a reason it may not give (a platform rule's, or the other role's)."""


def check_claim(role: str, reason: str) -> None:
    """Raise `ClaimRefusedError` unless a party in `role` may end a call for `reason`."""
    if reason not in PARTY_REASONS.get(role, frozenset()):
        who = "the platform's own rules" if reason in PLATFORM_REASONS else "the other party"
        raise ClaimRefusedError(f"a {role} may not end a call with {reason!r}: only {who} may")


@dataclass(frozen=True, slots=True)
class PartyMedia:
    """What one party told the platform about the media of one call."""

    first_media_at: datetime | None = None
    last_media_at: datetime | None = None


def billing_start(advisor: PartyMedia, customer: PartyMedia) -> datetime | None:
    """When both parties had confirmed media (None while one has not)."""
    advisor_since, customer_since = advisor.first_media_at, customer.first_media_at
    if advisor_since is None or customer_since is None:
        return None
    return max(advisor_since, customer_since)


def confirmed_until(advisor: PartyMedia, customer: PartyMedia) -> datetime | None:
    """The last moment both parties had confirmed media; None before both did."""
    if advisor.last_media_at is None or customer.last_media_at is None:
        return None
    return min(advisor.last_media_at, customer.last_media_at)


def billed_until(
    started: datetime | None,
    media_until: datetime | None,
    end: datetime,
    decided: datetime | None = None,
) -> datetime | None:
    """Where the bill of a call ends (None: it never started).

    `end` is the platform's moment of ending, `decided` the moment a party said it decided to end
    (None when the platform's own rule ended the call), `media_until` from `confirmed_until`
    (None only for a call whose billing never started).
    """
    if started is None:
        return None
    if decided is None:
        until = end if media_until is None else min(end, media_until)
    else:
        until = min(decided, end)
        if media_until is not None:
            until = min(until, media_until + REPORT_GRACE)
    return max(started, until)


def billed_seconds(started: datetime | None, until: datetime | None) -> int:
    """Whole seconds billed."""
    if started is None or until is None:
        return 0
    return max(0, int((until - started).total_seconds()))


def silent(silent_for_s: float) -> bool:
    """Whether a party unheard for `silent_for_s` seconds has gone (ends the call)."""
    return silent_for_s >= SILENCE_LIMIT.total_seconds()


def booking_outcome(end_reason: str, answered: bool) -> str:
    """The state a booking moves to when its call ends, from the platform's record of the call.

    A call nobody answered leaves the booking to be called again (whatever a party said), except
    the platform's `no_answer` (a no-show: the appointment counts as used). An answered call is
    used by a hang-up, for abuse or at the booked end; a lost connection, a slow line, an error or
    a failed identity check leave it to be called again.
    """
    if end_reason == "no_answer":
        return "no_show"
    if answered and end_reason in ("hangup", "abuse", "booked_end"):
        return "completed"
    return "confirmed"
