"""Access and refresh tokens.

Design: both are random opaque strings (256 bits from `secrets`); only their SHA-256 is stored,
so a copy of the database cannot be used to sign in. Opaque tokens (rather than signed ones) make
revocation exact: logout revokes the session and with it every access token issued in it, at once.
A session is one sign-in; each refresh rotates its refresh token. Presenting an already-used
refresh token is treated as theft and revokes the whole session (OAuth 2.0 BCP, refresh rotation).
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from platform_server import errors
from platform_server.accounts import Caller, account_view
from platform_server.clock import Clock
from platform_server.db import transaction
from platform_server.wire import format_ts, new_id, parse_ts

REFRESH_TTL = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class AccessGrant:
    """What an access token proves: who, in which session (sign-in), until when."""

    caller: Caller
    session_id: str
    expires_at: datetime


SessionEnded = Callable[[str], None]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class TokenService:
    """Issues, checks, rotates and revokes tokens."""

    def __init__(self, conn: sqlite3.Connection, clock: Clock, access_ttl_seconds: int) -> None:
        self._conn = conn
        self._clock = clock
        self._access_ttl = access_ttl_seconds
        self._session_ended: list[SessionEnded] = []

    def on_session_ended(self, listener: SessionEnded) -> None:
        """Be told the id of every session revoked (logout, refresh-token reuse)."""
        self._session_ended.append(listener)

    def sign_in(self, account: sqlite3.Row) -> dict[str, Any]:
        """Start a new session for `account` and return the `Tokens` body."""
        session_id = new_id("ses")
        with transaction(self._conn):
            self._conn.execute(
                "INSERT INTO sessions (id, account_id, created_at) VALUES (?, ?, ?)",
                (session_id, account["id"], format_ts(self._clock.now())),
            )
            return self._issue(session_id, account)

    def authenticate(self, access_token: str) -> Caller:
        """The caller behind an access token; 401 `token_expired` or `not_authenticated`."""
        return self.grant(access_token).caller

    def grant(self, access_token: str) -> AccessGrant:
        """The caller, session and expiry behind an access token; 401 like `authenticate`."""
        row = self._conn.execute(
            "SELECT t.expires_at, t.session_id, a.id, a.role FROM access_tokens t"
            " JOIN sessions s ON s.id = t.session_id JOIN accounts a ON a.id = s.account_id"
            " WHERE t.token_hash = ? AND s.revoked = 0",
            (_digest(access_token),),
        ).fetchone()
        if row is None:
            raise errors.not_authenticated("unknown or revoked access token")
        expires_at = parse_ts(row["expires_at"])
        if expires_at is None or expires_at <= self._clock.now():
            raise errors.token_expired()
        caller = Caller(account_id=row["id"], role=row["role"])
        return AccessGrant(caller, row["session_id"], expires_at)

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        """Rotate: the presented refresh token stops working, a new pair is returned."""
        digest = _digest(refresh_token)
        row = self._conn.execute(
            "SELECT r.session_id, r.expires_at, r.used, s.revoked, s.account_id"
            " FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id"
            " WHERE r.token_hash = ?",
            (digest,),
        ).fetchone()
        if row is None or row["revoked"]:
            raise errors.not_authenticated("unknown or revoked refresh token")
        if row["used"]:
            with transaction(self._conn):
                self._revoke_session(row["session_id"])
            self._tell_ended(row["session_id"])
            raise errors.not_authenticated("refresh token was already used; signed out")
        expires_at = parse_ts(row["expires_at"])
        if expires_at is None or expires_at <= self._clock.now():
            raise errors.not_authenticated("refresh token has expired; sign in again")
        account = self._conn.execute(
            "SELECT * FROM accounts WHERE id = ?", (row["account_id"],)
        ).fetchone()
        with transaction(self._conn):
            self._conn.execute("UPDATE refresh_tokens SET used = 1 WHERE token_hash = ?", (digest,))
            return self._issue(row["session_id"], account)

    def purge_expired(self) -> None:
        """Forget access tokens a day past expiry (until then they answer `token_expired`)."""
        horizon = format_ts(self._clock.now() - timedelta(days=1))
        self._conn.execute("DELETE FROM access_tokens WHERE expires_at < ?", (horizon,))

    def sign_out(self, refresh_token: str) -> None:
        """Revoke the session the refresh token belongs to (unknown tokens are ignored)."""
        row = self._conn.execute(
            "SELECT session_id FROM refresh_tokens WHERE token_hash = ?",
            (_digest(refresh_token),),
        ).fetchone()
        if row is not None:
            with transaction(self._conn):
                self._revoke_session(row["session_id"])
            self._tell_ended(row["session_id"])

    def _tell_ended(self, session_id: str) -> None:
        for listener in self._session_ended:
            listener(session_id)

    def _revoke_session(self, session_id: str) -> None:
        self._conn.execute("UPDATE sessions SET revoked = 1 WHERE id = ?", (session_id,))
        self._conn.execute("DELETE FROM access_tokens WHERE session_id = ?", (session_id,))

    def _issue(self, session_id: str, account: sqlite3.Row) -> dict[str, Any]:
        now = self._clock.now()
        access_token = secrets.token_urlsafe(32)
        refresh_token = secrets.token_urlsafe(32)
        self._conn.execute(
            "INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
            (_digest(access_token), session_id,
             format_ts(now + timedelta(seconds=self._access_ttl))),
        )  # fmt: skip
        self._conn.execute(
            "INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)",
            (_digest(refresh_token), session_id, format_ts(now + REFRESH_TTL)),
        )
        return {
            "access_token": access_token,
            "refresh_token": refresh_token,
            "expires_in": self._access_ttl,
            "account": account_view(account),
        }
