"""Fixtures of the end-to-end call tests (the helpers live in `call_processes`).

Every test that takes `customer_page` runs once per customer browser (Chromium and Firefox);
each browser starts once per module (Firefox takes several seconds to start).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browsers import (
    BROWSERS,
    CustomerBrowser,
    CustomerPage,
    browser_missing,
    open_customer_browser,
)
from tests.e2e.call_processes import launcher

__all__ = ["customer_browser", "customer_page", "launcher"]


@pytest.fixture(scope="module", params=BROWSERS)
def customer_browser(request: pytest.FixtureRequest) -> Iterator[CustomerBrowser]:
    """Chromium, then Firefox, with fake camera and microphone (skipped where missing)."""
    reason = browser_missing(request.param)
    if reason is not None:
        pytest.skip(reason)
    with open_customer_browser(request.param) as browser:
        yield browser


@pytest.fixture
def customer_page(customer_browser: CustomerBrowser) -> Iterator[CustomerPage]:
    """A fresh tab (German, Berlin time) of the module's customer browser."""
    page = customer_browser.new_page()
    try:
        yield page
    finally:
        page.close()
