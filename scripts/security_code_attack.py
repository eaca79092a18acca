"""The relay's grinding attack on the call's security code, before and after the commitment.

    .venv/bin/python scripts/security_code_attack.py [--calls N]

Before (issue 14, finding 1): the code was a hash of the two DTLS fingerprints only. A relay sees
the offer's fingerprint, shows the answerer a certificate of its own and learns the answerer's
code, then varies its second certificate's serial number (one SHA-256 of the DER per try; the
peers check only the fingerprint) until the offerer's code is the same: about 10^6 tries.

After: the offerer committed to its fingerprint and a secret nonce; the code also hashes both
nonces, and the offerer reveals its nonce only after the relay answered. The relay can grind its
own nonce as cheaply as before, but only against a guess of the offerer's nonce: each call
matches with a chance of one in a million, however much it grinds.

Prints the tries and seconds of the old attack on one certificate, then the new protocol's
outcome for N simulated calls in which the relay grinds every time.
"""

from __future__ import annotations

import argparse
import hashlib
import secrets
import time

from aiortc.rtcdtlstransport import generate_certificate
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from network.security_code import code_from, commitment_of

GUESS = "00" * 32


def fingerprint(der: bytes) -> str:
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def old_code(a: str, b: str) -> str:
    """The code before the commitment: sorted fingerprints, SHA-256, 4 bytes mod 10^6."""
    digest = hashlib.sha256("|".join(sorted((a, b))).encode()).digest()
    digits = f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"
    return f"{digits[:3]} {digits[3:]}"


def serial_at(der: bytes, serial: int) -> int:
    """Where the certificate's serial number lies in its DER (the bytes a relay varies)."""
    needle = serial.to_bytes((serial.bit_length() + 7) // 8, "big")
    return der.index(needle)


def certificate() -> x509.Certificate:
    """A DTLS certificate as aiortc makes one for each connection."""
    return generate_certificate(ec.generate_private_key(ec.SECP256R1()))


def grind_old(limit: int = 50_000_000) -> tuple[int, float]:
    """The old attack on real certificates: tries and CPU seconds until both codes are equal."""
    offerer, answerer, towards_answerer = (
        fingerprint(certificate().public_bytes(Encoding.DER)) for _ in range(3)
    )
    target = old_code(towards_answerer, answerer)  # what the answerer reads
    ground = certificate()
    der = bytearray(ground.public_bytes(Encoding.DER))
    at = serial_at(bytes(der), ground.serial_number)
    started = time.process_time()
    for attempt in range(limit):
        der[at : at + 4] = attempt.to_bytes(4, "big")
        if old_code(offerer, fingerprint(bytes(der))) == target:
            return attempt + 1, time.process_time() - started
    raise RuntimeError("no match within the limit")


def one_call_after(offer_fp: str, relay_fp: str, answerer_code: str) -> tuple[bool, int]:
    """The relay grinds its nonce for the guessed offerer nonce; the real one decides."""
    offer_nonce = secrets.token_hex(32)
    commitment_of(offer_fp, offer_nonce)  # all the relay sees of it before it answers
    for attempt in range(50_000_000):
        nonce = f"{attempt:064x}"
        if code_from(offer_fp, relay_fp, GUESS, nonce) == answerer_code:
            return code_from(offer_fp, relay_fp, offer_nonce, nonce) == answerer_code, attempt + 1
    raise RuntimeError("no nonce matched the guess")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3, help="simulated calls after (default 3)")
    calls = parser.parse_args().calls

    tries, seconds = grind_old()
    print(f"before: the relay matched both codes after {tries} certificates, {seconds:.1f} s CPU")

    matched = 0
    for call in range(1, calls + 1):
        offer_fp, relay_fp = (fingerprint(secrets.token_bytes(300)) for _ in range(2))
        answerer_code = f"{secrets.randbelow(1000):03d} {secrets.randbelow(1000):03d}"
        hit, ground = one_call_after(offer_fp, relay_fp, answerer_code)
        matched += hit
        print(f"after, call {call}: {ground} nonces ground, codes {'MATCH' if hit else 'differ'}")
    print(
        f"after: {matched} of {calls} calls matched; the bound is 10^-6 per call (the offerer's "
        "256-bit nonce is unknown when the relay commits to what it shows)"
    )


if __name__ == "__main__":
    main()
