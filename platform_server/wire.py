"""Wire formats shared by every endpoint: timestamps and ids.

Timestamps are ISO 8601 in UTC with a `Z` suffix and always three fraction digits
(`2026-11-21T09:30:00.000Z`), so the stored strings sort in time order.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def format_ts(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds and `Z`."""
    utc = moment.astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def parse_ts(text: str) -> datetime | None:
    """Parse an RFC 3339 date-time into aware UTC; None when it is not one (or out of range)."""
    match = _RFC3339.match(text)
    if match is None:
        return None
    normalised = text.upper().replace(" ", "T")
    if normalised.endswith("Z"):
        normalised = normalised[:-1] + "+00:00"
    # RFC 3339 allows a leap second; Python's datetime does not.
    if match.group(6) == "60":
        normalised = normalised[:17] + "59" + normalised[19:]
    try:
        parsed = datetime.fromisoformat(normalised)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def new_id(prefix: str) -> str:
    """An opaque id such as `bkg_3f9a1c0d2e4b5a69`."""
    return f"{prefix}_{secrets.token_hex(8)}"
