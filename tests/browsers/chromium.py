"""The customer as Debian's Chromium, driven by Playwright (its own browser download is not used).

Each page is a fresh browser context: its own storage (so its own guest account), German, Berlin
time. With `hide_addresses` Chromium accepts camera and microphone without marking the page as
granted (`--auto-accept-camera-and-microphone-capture` instead of the fake permission UI), so,
as for any page without a granted permission, its host candidates carry mDNS names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tests.browsers import EXECUTABLES, BrowserName, ConsoleLine
from tests.platform_server.page_helpers import CHROMIUM_ARGS, launch_chromium

# Accepts capture like the fake UI does, but leaves the permission unset: Chromium then keeps
# hiding its addresses behind mDNS names (it reveals them once the page holds a permission).
HIDING_ARGS = [
    "--auto-accept-camera-and-microphone-capture"
    if arg == "--use-fake-ui-for-media-stream"
    else arg
    for arg in CHROMIUM_ARGS
]


class ChromiumPage:
    def __init__(self, context: BrowserContext) -> None:
        self._context = context
        self.page: Page = context.new_page()
        self._console: list[ConsoleLine] = []
        self.page.on("console", self._on_console)
        self.page.on(
            "pageerror", lambda error: self._console.append(ConsoleLine("pageerror", str(error)))
        )

    def _on_console(self, message: ConsoleMessage) -> None:
        self._console.append(ConsoleLine(message.type, message.text))

    def _on_page_error(self, error: Exception) -> None:
        self._console.append(ConsoleLine("pageerror", str(error)))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def evaluate(self, function: str, *args: Any) -> Any:
        if not args:
            return self.page.evaluate(function)
        return self.page.evaluate(f"(args) => ({function})(...args)", list(args))

    def wait_for_timeout(self, ms: float) -> None:
        self.page.wait_for_timeout(ms)

    def click(self, testid: str) -> None:
        self.page.get_by_test_id(testid).click()

    def fill(self, testid: str, text: str) -> None:
        self.page.get_by_test_id(testid).fill(text)

    def text(self, testid: str) -> str:
        return self.page.get_by_test_id(testid).text_content() or ""

    def attribute(self, testid: str, name: str) -> str | None:
        return self.page.get_by_test_id(testid).get_attribute(name)

    def enabled(self, testid: str) -> bool:
        return self.page.get_by_test_id(testid).is_enabled()

    def screenshot(self, path: str | Path) -> None:
        self.page.screenshot(path=str(path))

    def console(self) -> list[ConsoleLine]:
        self.page.evaluate("0")  # Playwright delivers events only while it talks to the page
        return list(self._console)

    def close(self) -> None:
        self._context.close()


class Chromium:
    name: BrowserName = "chromium"

    def __init__(self, browser: Browser, hides_addresses: bool) -> None:
        self._browser = browser
        self.hides_addresses = hides_addresses

    def new_page(self, *, width: int = 1280, height: int = 860) -> ChromiumPage:
        context = self._browser.new_context(
            viewport={"width": width, "height": height},
            timezone_id="Europe/Berlin",
            locale="de-DE",
        )
        return ChromiumPage(context)


@contextmanager
def open_chromium(*, hide_addresses: bool = False) -> Iterator[Chromium]:
    with sync_playwright() as playwright:
        if hide_addresses:
            browser = playwright.chromium.launch(
                executable_path=str(EXECUTABLES["chromium"]), args=HIDING_ARGS
            )
        else:
            browser = launch_chromium(playwright)
        try:
            yield Chromium(browser, hide_addresses)
        finally:
            browser.close()
