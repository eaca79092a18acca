"""Checking an email and password: the same time for unknown emails, limits that slow guessing.

Every attempt runs one Argon2 verification, against the account's hash or against a dummy hash
for an unknown email, so the answer's time does not tell which emails exist (175 ms against
2.5 ms before). The limits (`abuse_limits`) are checked per client address before and per
account after the verification, so a blocked account costs the same time too.
"""

from __future__ import annotations

import sqlite3

from platform_server import errors
from platform_server.accounts import normalise_email
from platform_server.services import Services

WRONG = "wrong email or password"


async def checked_account(svc: Services, address: str, email: str, password: str) -> sqlite3.Row:
    """The account `email` and `password` sign in to; 401 or 429 otherwise."""
    limits = svc.limits
    by_address = limits.sign_in_failures_by_address
    by_account = limits.sign_in_failures_by_account
    email = normalise_email(email)
    if by_address.exceeded(address):
        raise by_address.refuse(address, "too many failed sign-ins from here; wait a few minutes")
    account = await svc.db.run(svc.accounts.find_by_email, email)
    stored = account["password_hash"] if account is not None else None
    right = await svc.passwords.verify_async(stored, password)
    known = account is not None and f"{account['id']} {address}" in limits.known_sign_ins
    if by_account.exceeded(email) and not known:
        by_address.count(address)
        raise by_account.refuse(email, "too many failed sign-ins for this account; wait a while")
    if account is None or not right:
        by_address.count(address)
        by_account.count(email)
        raise errors.not_authenticated(WRONG)
    limits.known_sign_ins.add(f"{account['id']} {address}")
    return account
