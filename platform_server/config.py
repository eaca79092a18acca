"""Everything the command line (or a test) can set about one platform server."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PlatformConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    seed: str | None = None
    ring_timeout: float = 60.0
    connecting_timeout: float = 60.0
    access_ttl: int = 15 * 60
    test_clock: bool = False
    ice_servers: tuple[str, ...] = ()
    turn_username: str | None = None
    turn_password: str | None = field(default=None, repr=False)
    # How often timers are checked (ring and connecting timeouts).
    sweep_interval: float = 0.5

    def ice_server_list(self) -> list[dict[str, Any]]:
        """`{"urls", "username"?, "credential"?}`: STUN URLs plain, TURN ones with credentials."""
        servers: list[dict[str, Any]] = []
        for url in self.ice_servers:
            entry: dict[str, Any] = {"urls": [url]}
            if url.startswith(("turn:", "turns:")) and self.turn_username is not None:
                entry["username"] = self.turn_username
                entry["credential"] = self.turn_password or ""
            servers.append(entry)
        return servers
