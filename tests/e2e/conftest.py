"""Fixtures of the end-to-end call tests (the helpers live in `call_processes`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.call_processes import launcher
from tests.platform_server.page_helpers import launch_chromium

__all__ = ["browser", "launcher"]


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def browser() -> Iterator[Any]:
    """The Debian Chromium with a fake camera and microphone (skipped where it is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = launch_chromium(playwright)
        try:
            yield launched
        finally:
            launched.close()
