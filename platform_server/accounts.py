"""Advisor and customer accounts, their passwords and the advisors' presence.

Passwords are hashed with Argon2id (argon2-cffi's defaults follow RFC 9106's memory-hard
profile). Hashing is slow on purpose, so callers run it in a worker thread (`hash_password_async`).
"""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from platform_server import errors
from platform_server.clock import Clock
from platform_server.wire import format_ts, new_id

# A stored hash that no password matches: demo customers exist only to own seeded bookings.
NO_PASSWORD = "!"  # noqa: S105 - not a password: a hash no password matches


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is making a request, as proven by an access token."""

    account_id: str
    role: str


class Passwords:
    """Argon2id hashing, off the event loop."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()
        # A real hash to compare against when the account does not exist, so an unknown email
        # costs as long as a wrong password and does not reveal which emails are registered.
        self._dummy_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def prepare(self) -> None:
        """Make the dummy hash now (slow; at start-up, off the loop), not at the first guess."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hash("not-a-real-password")

    async def hash_async(self, password: str) -> str:
        return await asyncio.get_running_loop().run_in_executor(None, self.hash, password)

    async def verify_async(self, stored_hash: str | None, password: str) -> bool:
        if stored_hash is None or stored_hash == NO_PASSWORD:
            if self._dummy_hash is None:
                self._dummy_hash = await self.hash_async("not-a-real-password")
            target = self._dummy_hash
        else:
            target = stored_hash
        ok = await asyncio.get_running_loop().run_in_executor(None, self._verify, target, password)
        return ok and stored_hash not in (None, NO_PASSWORD)

    def _verify(self, stored_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored_hash, password))
        except (VerificationError, InvalidHashError):
            return False


def account_view(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "role": row["role"],
        "email": row["email"],
        "display_name": row["display_name"],
    }


def advisor_view(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "display_name": row["display_name"], "presence": row["presence"]}


class AccountStore:
    """Creates and finds accounts; keeps the advisors' presence."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock) -> None:
        self._conn = conn
        self._clock = clock

    def create(
        self, role: str, email: str, password_hash: str, display_name: str = ""
    ) -> sqlite3.Row:
        """Insert a new account; 409 when the email is taken."""
        account_id = new_id("acc")
        try:
            self._conn.execute(
                "INSERT INTO accounts (id, role, email, password_hash, display_name, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (account_id, role, normalise_email(email), password_hash, display_name,
                 format_ts(self._clock.now())),
            )  # fmt: skip
        except sqlite3.IntegrityError as exc:
            raise errors.conflict("an account with this email already exists") from exc
        return self.get(account_id)

    def get(self, account_id: str) -> sqlite3.Row:
        row = self.find(account_id)
        if row is None:
            raise errors.not_found("account")
        return row

    def find(self, account_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM accounts WHERE id = ?", (account_id,)
        ).fetchone()
        return row

    def find_by_email(self, email: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM accounts WHERE email = ?", (normalise_email(email),)
        ).fetchone()
        return row

    def advisor(self, advisor_id: str) -> sqlite3.Row:
        row = self.find(advisor_id)
        if row is None or row["role"] != "advisor":
            raise errors.not_found("advisor")
        return row

    def advisors(self) -> list[sqlite3.Row]:
        return self._conn.execute(
            "SELECT * FROM accounts WHERE role = 'advisor' ORDER BY display_name, id"
        ).fetchall()

    def set_presence(self, advisor_id: str, presence: str) -> sqlite3.Row:
        self._conn.execute("UPDATE accounts SET presence = ? WHERE id = ?", (presence, advisor_id))
        return self.advisor(advisor_id)


def normalise_email(email: str) -> str:
    return email.strip().lower()
