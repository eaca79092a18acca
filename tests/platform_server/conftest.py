"""Fixtures for the platform server tests: a real server on loopback (with the test clock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    with RunningPlatform(tmp_path / "data", test_clock=True) as running:
        yield running


@pytest.fixture
def anonymous(platform: RunningPlatform) -> Api:
    return Api(platform.base_url)


@pytest.fixture
def advisor(platform: RunningPlatform) -> Api:
    """The demo advisor, signed in."""
    return Api(platform.base_url, platform.login_advisor())


@pytest.fixture
def customer(platform: RunningPlatform) -> Api:
    return Api(platform.base_url, platform.create_customer())
