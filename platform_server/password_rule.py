"""Which passwords a new account may not have: the common ones, and the account's own email.

The list (`common_passwords.txt`, bundled: no network) holds the ~11,600 passwords of 8 or more
characters among the 30,000 most common of zxcvbn's list, plus a few German ones; a password
found there, ignoring case, is what a guesser tries first (`password` and `12345678` are at the
top). The length rule (8 to 256) is in the request schema.
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("platform_server").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def password_problem(password: str, email: str) -> str | None:
    """Why `password` is refused for an account with `email`, or None when it is fine."""
    lowered = password.strip().lower()
    if lowered in _common_passwords():
        return "one of the most common passwords; choose another"
    address = email.strip().lower()
    if lowered in (address, address.partition("@")[0]):
        return "the same as the email address; choose another"
    if len(set(lowered)) == 1:
        return "one character repeated; choose another"
    return None
