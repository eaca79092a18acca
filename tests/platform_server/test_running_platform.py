"""The shared test helper itself: fast start, restart on the same port with the same data."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from platform_server.testing import PlatformRequestError, RunningPlatform
from tests.platform_server.platform_api import Api


def test_starts_fast_and_restarts_on_the_same_port_with_the_same_data(tmp_path: Path) -> None:
    platform = RunningPlatform(tmp_path, seed="demo")
    began = time.monotonic()
    platform.start()
    try:
        assert time.monotonic() - began < 1.0
        customer = platform.create_customer(email="wieder@kunde.example", password="passwort-123")
        assert customer["account"]["role"] == "customer"
        port, advisor_id = platform.port, platform.advisor_id
        bookings = len(
            Api(platform.base_url, platform.login_advisor()).ok("GET", "/api/v1/bookings")[
                "bookings"
            ]
        )
        platform.stop()
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        platform.start()
        assert (platform.port, platform.advisor_id) == (port, advisor_id)
        assert platform.customer_url == f"http://127.0.0.1:{port}/c/"
        again = Api(platform.base_url, platform.login("wieder@kunde.example", "passwort-123"))
        assert again.ok("GET", "/api/v1/me")["email"] == "wieder@kunde.example"
        # The demo seed is not added twice.
        advisor = Api(platform.base_url, platform.login_advisor())
        assert len(advisor.ok("GET", "/api/v1/bookings")["bookings"]) == bookings
    finally:
        platform.stop()


def test_without_seed_there_is_an_advisor_but_no_bookings(tmp_path: Path) -> None:
    with RunningPlatform(tmp_path, seed=None) as platform:
        advisor = Api(platform.base_url, platform.login_advisor())
        assert advisor.ok("GET", "/api/v1/bookings") == {"bookings": []}
        with pytest.raises(PlatformRequestError) as raised:
            platform.advance_clock(1)  # needs test_clock=True
        assert raised.value.status == 404
