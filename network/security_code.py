"""The call's security code: six digits both people can read to each other.

Both sides derive it from the two DTLS certificate fingerprints of the call (docs/platform-api.md,
"Call security code"), as ZRTP's short authentication string does: anyone in the middle has to
present their own certificate to each side, which changes at least one fingerprint and so the
code. The customer page computes the same in `platform_server/static/security-code.js`.
"""

from __future__ import annotations

import hashlib
import re

_FINGERPRINT = re.compile(
    r"^a=fingerprint:sha-256[ \t]+([0-9A-Fa-f:]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)


def sha256_fingerprint(sdp: str) -> str | None:
    """The first `a=fingerprint:sha-256` value of an SDP (session- or media-level), upper-case."""
    match = _FINGERPRINT.search(sdp)
    return match.group(1).upper() if match else None


def code_from_fingerprints(local: str, remote: str) -> str:
    """`"042 917"`: sorted fingerprints joined by `|`, SHA-256, first 4 bytes mod 1 000 000."""
    joined = "|".join(sorted((local.upper(), remote.upper())))
    digest = hashlib.sha256(joined.encode("utf-8")).digest()
    number = int.from_bytes(digest[:4], "big") % 1_000_000
    digits = f"{number:06d}"
    return f"{digits[:3]} {digits[3:]}"


def security_code(local_sdp: str, remote_sdp: str) -> str | None:
    """The code for a call from both SDPs, or None while one of them lacks a fingerprint."""
    local = sha256_fingerprint(local_sdp)
    remote = sha256_fingerprint(remote_sdp)
    if local is None or remote is None:
        return None
    return code_from_fingerprints(local, remote)
