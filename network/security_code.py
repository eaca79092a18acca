"""The call's security code: six digits both people read to each other, with a commitment first.

A code over the two DTLS fingerprints alone can be matched by whoever relays the signalling: it
sees the offer's fingerprint before it picks its own certificates, so it can try certificates
until both sides show the same code (2^20 tries, seconds on one core). So each connection agrees
on its code in three signals (docs/platform-api.md, "Call security code"; docs/security.md):

1. the offer carries `commitment`: SHA-256 over the offer's fingerprint and a fresh random nonce
   that the offerer keeps to itself;
2. the answer carries the answerer's own fresh `nonce` in the clear;
3. the offerer then sends `reveal` with its nonce; the answerer checks it against the commitment.

The code is a hash of both fingerprints and both nonces. Whoever sits in the middle must fix what
it shows each side before it learns the nonce that side's partner adds last (the offerer's is
hidden behind its commitment, the answerer's is chosen after the offer), so each attempt matches
the codes with a chance of one in a million; a forwarded commitment with a swapped fingerprint
fails the check outright. The customer page computes the same in
`platform_server/static/security-code.js`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping

__all__ = [
    "AnsweringCode",
    "CodeUnverifiedError",
    "OfferingCode",
    "code_from",
    "commitment_of",
    "sha256_fingerprint",
]

_FINGERPRINT = re.compile(
    r"^a=fingerprint:sha-256[ \t]+([0-9A-Fa-f:]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE
)
_HEX_256 = re.compile(r"[0-9a-f]{64}")
NONCE_BYTES = 32
# Domain labels: a commitment can never be mistaken for a code input, nor either for another
# protocol's hash of the same text.
_COMMIT_LABEL = "advisor-call commitment v1"
_CODE_LABEL = "advisor-call code v1"


class CodeUnverifiedError(Exception):
    """The other side's commitment, nonce or reveal is missing or does not match: no code."""


def sha256_fingerprint(sdp: str) -> str | None:
    """The first `a=fingerprint:sha-256` value of an SDP (session- or media-level), upper-case."""
    match = _FINGERPRINT.search(sdp)
    return match.group(1).upper() if match else None


def new_nonce() -> str:
    """32 random bytes as 64 lower-case hex digits, fresh for each connection."""
    return secrets.token_hex(NONCE_BYTES)


def commitment_of(offer_fingerprint: str, nonce: str) -> str:
    """The offerer's commitment: SHA-256 of `label|fingerprint|nonce`, lower-case hex."""
    text = f"{_COMMIT_LABEL}|{offer_fingerprint.upper()}|{nonce}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def code_from(
    offer_fingerprint: str, answer_fingerprint: str, offer_nonce: str, answer_nonce: str
) -> str:
    """`"042 917"`: SHA-256 of `label|offer fp|answer fp|offer nonce|answer nonce`, the first
    4 bytes big-endian modulo 1 000 000, in two groups of three digits."""
    text = "|".join(
        (_CODE_LABEL, offer_fingerprint.upper(), answer_fingerprint.upper(), offer_nonce,
         answer_nonce)
    )  # fmt: skip
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    digits = f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"
    return f"{digits[:3]} {digits[3:]}"


def _hex_field(data: Mapping[str, object], name: str, what: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or _HEX_256.fullmatch(value) is None:
        raise CodeUnverifiedError(f"the {what} carries no valid {name}")
    return value


def _fingerprint(sdp: str, what: str) -> str:
    fingerprint = sha256_fingerprint(sdp)
    if fingerprint is None:
        raise CodeUnverifiedError(f"the {what} has no sha-256 fingerprint")
    return fingerprint


class OfferingCode:
    """The offerer's side of one connection's code: commit with the offer, reveal after the answer.

    `offer_sdp` is the description exactly as sent.
    """

    def __init__(self, offer_sdp: str) -> None:
        self._fingerprint = _fingerprint(offer_sdp, "offer")
        self._nonce = new_nonce()
        self.code: str | None = None

    def offer_fields(self) -> dict[str, object]:
        """What the `offer` signal carries besides the SDP."""
        return {"commitment": commitment_of(self._fingerprint, self._nonce)}

    def answered(self, answer_sdp: str, answer: Mapping[str, object]) -> str:
        """The code, from the answer as received (its SDP and its signal's `nonce`)."""
        self.code = code_from(
            self._fingerprint,
            _fingerprint(answer_sdp, "answer"),
            self._nonce,
            _hex_field(answer, "nonce", "answer"),
        )
        return self.code

    def reveal_fields(self) -> dict[str, object]:
        """The `reveal` signal (send it only after the answer arrived)."""
        return {"kind": "reveal", "nonce": self._nonce}


class AnsweringCode:
    """The answerer's side: keep the offer's commitment, answer with a nonce, check the reveal.

    Raises `CodeUnverifiedError` when the offer carries no commitment: an offer without one could
    come from a relay that wants the old, grindable code.
    """

    def __init__(self, offer_sdp: str, offer: Mapping[str, object]) -> None:
        self._offer_fingerprint = _fingerprint(offer_sdp, "offer")
        self._commitment = _hex_field(offer, "commitment", "offer")
        self._nonce = new_nonce()
        self._answer_fingerprint: str | None = None
        self.code: str | None = None

    def answer_fields(self, answer_sdp: str) -> dict[str, object]:
        """What the `answer` signal carries besides `answer_sdp` (exactly as sent)."""
        self._answer_fingerprint = _fingerprint(answer_sdp, "answer")
        return {"nonce": self._nonce}

    def revealed(self, reveal: Mapping[str, object]) -> str:
        """The code once the offerer's nonce matches its commitment; else `CodeUnverifiedError`."""
        if self._answer_fingerprint is None:
            raise CodeUnverifiedError("a reveal came before the answer was sent")
        nonce = _hex_field(reveal, "nonce", "reveal")
        if not secrets.compare_digest(
            commitment_of(self._offer_fingerprint, nonce), self._commitment
        ):
            raise CodeUnverifiedError("the reveal does not match the offer's commitment")
        self.code = code_from(self._offer_fingerprint, self._answer_fingerprint, nonce, self._nonce)
        return self.code
