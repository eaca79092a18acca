"""How the advisor's desk reports back: the interface the UI bridge implements.

Every method is called on the engine thread. Implementations must not block; the UI's bridge
re-emits each call as a queued Qt signal so that widgets update on the GUI thread.
"""

from __future__ import annotations

import enum
from typing import Protocol

from advisor_app.domain.models import Account, Booking, CallRequest, Presence


class ConnectionState(enum.StrEnum):
    """The link to the platform as the status bar shows it."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # lost; retrying with backoff
    OFFLINE = "offline"  # signed out or stopped


class DeskListener(Protocol):
    def signed_in(self, account: Account) -> None: ...

    def signed_out(self, reason: str) -> None:
        """The session ended: logout, or a revoked/expired refresh token (reason says which)."""

    def connection_changed(self, state: ConnectionState, detail: str) -> None: ...

    def presence_changed(self, presence: Presence) -> None: ...

    def call_requests_changed(self, requests: tuple[CallRequest, ...]) -> None:
        """All live requests the advisor should see (ringing ones first), after any change."""

    def bookings_changed(self, bookings: tuple[Booking, ...]) -> None:
        """The whole booking queue after any change (a snapshot, never a diff)."""

    def clock_offset_changed(self, offset_seconds: float) -> None:
        """Server time minus local time, measured at sign-in and on every reconnect."""

    def problem(self, message: str) -> None:
        """A user-readable problem (a failed action, a bad payload); the desk keeps running."""


class DeskCommands(Protocol):
    """What the UI asks of the advisor's desk (implemented by `advisor_app.desk.AdvisorDesk`).

    Every method is a coroutine to be run on the engine loop (`Engine.submit`). Failures raise
    `network.errors.PlatformError` subclasses whose `str()` is a user-readable message.
    """

    async def sign_in(self, email: str, password: str, remember: bool) -> Account:
        """Signs in, stores the refresh token in the keychain if `remember`, starts syncing."""

    async def restore(self, email: str) -> Account | None:
        """Silent sign-in with the keychain's refresh token; None if none or revoked."""

    async def sign_out(self) -> None:
        """Revokes the refresh token on the platform, forgets it in the keychain, stops syncing."""

    async def set_presence(self, presence: Presence) -> None: ...

    async def accept(self, request_id: str) -> CallRequest:
        """Accepts a ringing request; the returned request carries the new call's id."""

    async def decline(self, request_id: str, reason: str) -> CallRequest: ...

    async def refresh(self) -> None:
        """Fetches requests and bookings again (after a reconnect this happens by itself)."""

    async def shutdown(self) -> None:
        """Stops syncing without signing out (the app is closing)."""
