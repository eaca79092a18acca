"""The customer's browser, whichever it is: one small interface, a Chromium and a Firefox.

The platform tells its customers to use Chrome or Firefox, so the end-to-end call tests run with
both: Debian's Chromium driven by Playwright (`tests.browsers.chromium`) and Debian's Firefox ESR
driven over its built-in Marionette (`tests.browsers.firefox`; Playwright's own Firefox build and
geckodriver are downloads that cannot be fetched here). Both have fake cameras and microphones
and no permission prompts, and both can hide their host addresses behind mDNS names as browsers
do for pages without capture permission (`hide_addresses=True`).

A test takes a `CustomerBrowser`, opens a `CustomerPage` per customer (German, Berlin time, own
storage where the browser allows it) and drives the page through `data-testid`s and its
`window.customerTest` hook; `wait_for_state` and friends poll instead of sleeping.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

__all__ = [
    "BROWSERS",
    "BrowserName",
    "ConsoleLine",
    "CustomerBrowser",
    "CustomerPage",
    "browser_missing",
    "open_customer_browser",
    "page_errors",
    "wait_for_attribute",
    "wait_for_state",
    "wait_for_text",
]

BrowserName = Literal["chromium", "firefox"]
BROWSERS: tuple[BrowserName, ...] = ("chromium", "firefox")
EXECUTABLES: dict[BrowserName, Path] = {
    "chromium": Path("/usr/bin/chromium"),
    "firefox": Path("/usr/bin/firefox-esr"),
}


@dataclass(frozen=True, slots=True)
class ConsoleLine:
    """One message of the page's console: `kind` is error, warning, info, log, debug, or
    pageerror (an uncaught exception or rejection)."""

    kind: str
    text: str


class CustomerPage(Protocol):
    """One customer's tab on the platform's customer page."""

    def goto(self, url: str) -> None: ...

    def evaluate(self, function: str, *args: Any) -> Any:
        """Runs a JavaScript function expression (`(a) => …`, may be async) with `args` in the
        page and returns its JSON result."""

    def wait_for_timeout(self, ms: float) -> None:
        """Lets `ms` pass while the browser goes on (Playwright delivers events meanwhile)."""

    def click(self, testid: str) -> None:
        """Clicks the element once it is visible and enabled (as a person can)."""

    def fill(self, testid: str, text: str) -> None: ...

    def text(self, testid: str) -> str:
        """The element's text content."""

    def attribute(self, testid: str, name: str) -> str | None: ...

    def enabled(self, testid: str) -> bool: ...

    def screenshot(self, path: str | Path) -> None: ...

    def console(self) -> list[ConsoleLine]:
        """Every console message and page error since the page was opened."""

    def close(self) -> None: ...


class CustomerBrowser(Protocol):
    """A running browser (started once, pages opened and closed per test)."""

    name: BrowserName
    hides_addresses: bool

    def new_page(self, *, width: int = 1280, height: int = 860) -> CustomerPage: ...


def browser_missing(name: BrowserName) -> str | None:
    """Why `name` cannot run here (for a skip), or None."""
    if not EXECUTABLES[name].exists():
        return f"{name} is not installed at {EXECUTABLES[name]}"
    return None


@contextmanager
def open_customer_browser(
    name: BrowserName, *, hide_addresses: bool = False
) -> Iterator[CustomerBrowser]:
    """Starts `name` headless with fake devices; stops it (and everything it started) after."""
    if name == "chromium":
        from tests.browsers.chromium import open_chromium

        with open_chromium(hide_addresses=hide_addresses) as chromium:
            yield chromium
    else:
        from tests.browsers.firefox import open_firefox

        with open_firefox(hide_addresses=hide_addresses) as firefox:
            yield firefox


def page_errors(page: CustomerPage) -> list[str]:
    """Console errors and uncaught page errors, which a healthy page never produces."""
    return [
        f"{line.kind}: {line.text}"
        for line in page.console()
        if line.kind in {"error", "pageerror"}
    ]


def wait_for_state(
    page: CustomerPage, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0
) -> dict[str, Any]:
    """Polls `window.customerTest.state()` until `predicate(state)` holds."""
    from tests.platform_server.page_helpers import wait_for_state as wait_on_page

    return wait_on_page(page, predicate, timeout)


def wait_for_text(
    page: CustomerPage, testid: str, expected: str | re.Pattern[str], timeout: float = 10.0
) -> str:
    """Waits until the element's text is `expected` (or matches the pattern)."""

    def matches(text: str) -> bool:
        if isinstance(expected, str):
            return text == expected
        return expected.search(text) is not None

    return _wait(page, lambda: page.text(testid), matches, timeout, f"text of {testid}")


def wait_for_attribute(
    page: CustomerPage,
    testid: str,
    name: str,
    accept: Callable[[str | None], bool],
    timeout: float = 10.0,
) -> str | None:
    """Waits until the element's attribute `name` satisfies `accept`."""
    return _wait(page, lambda: page.attribute(testid, name), accept, timeout, f"{testid}[{name}]")


def _wait(
    page: CustomerPage,
    read: Callable[[], Any],
    accept: Callable[[Any], bool],
    timeout: float,
    what: str,
) -> Any:
    deadline = time.monotonic() + timeout
    value = read()
    while not accept(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never matched; last: {value!r}")
        page.wait_for_timeout(100)
        value = read()
    return value
