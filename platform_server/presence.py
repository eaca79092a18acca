"""Advisor presence changes, announced to everyone (presence is public, like the profile)."""

from __future__ import annotations

from typing import Any

from platform_server.accounts import AccountStore, advisor_view
from platform_server.events import EventHub


class PresenceBoard:
    def __init__(self, accounts: AccountStore, hub: EventHub) -> None:
        self._accounts = accounts
        self._hub = hub

    def get(self, advisor_id: str) -> str:
        return str(self._accounts.advisor(advisor_id)["presence"])

    def set(self, advisor_id: str, presence: str) -> dict[str, Any]:
        """Store the advisor's presence and announce it when it changed."""
        before = self.get(advisor_id)
        view = advisor_view(self._accounts.set_presence(advisor_id, presence))
        if before != presence:
            self._hub.broadcast("presence", view)
        return view
