"""One REST call of the signed-in advisor, off the engine loop: for the chat, history and guard.

The desk keeps its own copy for its internals; the modules built around it (chat, history, the
booked call) use this one, so the session's transparent token refresh applies everywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, Protocol, TypeVar

from advisor_app.session import AdvisorSession
from network.api_client import PlatformClient

P = ParamSpec("P")
T = TypeVar("T")


class PlatformAccess(Protocol):
    """The part of `AdvisorDesk` these modules need: the client and the signed-in session."""

    @property
    def client(self) -> PlatformClient: ...

    @property
    def session(self) -> AdvisorSession: ...


async def authorized(
    access: PlatformAccess, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Runs `action` in a worker thread with the session's token refresh."""
    session = access.session

    def call() -> T:
        return session.authorized(action, *args, **kwargs)

    return await asyncio.to_thread(call)
