"""Fixtures of the end-to-end call tests (the helpers live in `call_processes`).

Every test that takes `customer_page` runs once per customer browser (Chromium and Firefox);
each browser starts once per module (Firefox takes several seconds to start).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browsers import (
    BROWSERS,
    BrowserName,
    CustomerBrowser,
    CustomerPage,
    browser_missing,
    open_customer_browser,
)
from tests.e2e.call_processes import launcher

__all__ = ["customer_browser", "customer_page", "hiding_browser", "hiding_page", "launcher"]


def started(name: BrowserName, *, hide_addresses: bool = False) -> Iterator[CustomerBrowser]:
    reason = browser_missing(name)
    if reason is not None:
        pytest.skip(reason)
    with open_customer_browser(name, hide_addresses=hide_addresses) as browser:
        yield browser


def new_tab(browser: CustomerBrowser) -> Iterator[CustomerPage]:
    page = browser.new_page()
    try:
        yield page
    finally:
        page.close()


@pytest.fixture(scope="module", params=BROWSERS)
def customer_browser(request: pytest.FixtureRequest) -> Iterator[CustomerBrowser]:
    """Chromium, then Firefox, with fake camera and microphone (skipped where missing)."""
    yield from started(request.param)


@pytest.fixture
def customer_page(customer_browser: CustomerBrowser) -> Iterator[CustomerPage]:
    """A fresh tab (German, Berlin time) of the module's customer browser."""
    yield from new_tab(customer_browser)


@pytest.fixture(scope="module", params=BROWSERS)
def hiding_browser(request: pytest.FixtureRequest) -> Iterator[CustomerBrowser]:
    """Chromium, then Firefox, hiding their host addresses behind mDNS names."""
    yield from started(request.param, hide_addresses=True)


@pytest.fixture
def hiding_page(hiding_browser: CustomerBrowser) -> Iterator[CustomerPage]:
    yield from new_tab(hiding_browser)
