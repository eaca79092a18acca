"""Fixtures for the platform server tests: a real server on loopback (with the test clock)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.platform_server.page_helpers import AdvisorRest, CustomerPage


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per module (the customer page's own tests)."""
    from playwright.sync_api import sync_playwright

    from tests.platform_server.page_helpers import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def advisor_rest(platform: RunningPlatform) -> Iterator[AdvisorRest]:
    """The demo advisor's side of the REST API."""
    from tests.platform_server.page_helpers import AdvisorRest

    rest = AdvisorRest(platform.base_url, platform.login_advisor())
    yield rest
    rest.close()


@pytest.fixture
def customer_page(
    browser: Browser, platform: RunningPlatform, screenshots: Path
) -> Iterator[CustomerPage]:
    """The customer page on the demo advisor, in a fresh tab; it must log no errors."""
    from tests.platform_server.page_helpers import CustomerPage

    page = CustomerPage(
        browser, f"{platform.customer_url}?advisor={platform.advisor_id}", screenshots
    )
    yield page
    errors = page.console.errors
    page.close()
    assert errors == [], f"the page logged errors: {errors}"
