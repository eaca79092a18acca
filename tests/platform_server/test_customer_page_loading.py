"""The customer page's controls wait for the data they need (real Chromium, real platform).

The platform's answer with the advisor list is held back (Playwright routing) to make "before the
list has loaded" last as long as the test needs: the call and booking buttons must be disabled,
a click on them must change nothing, and once the list is there the same click must work,
also on a link that names the advisor (`?advisor=`).
"""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Browser, Page, Route, expect

from platform_server.testing import RunningPlatform
from tests.platform_server.page_helpers import (
    AdvisorRest,
    ConsoleWatch,
    page_state,
    wait_until,
)

pytestmark = [pytest.mark.browser]


def hold_advisor_list(page: Page) -> list[Route]:
    """Holds every request for the advisor list until the test continues it."""
    held: list[Route] = []
    page.route(re.compile(r"/api/v1/advisors$"), lambda route: held.append(route))  # noqa: PLW0108 (Playwright wraps the handler: a bound builtin cannot be)
    return held


def wait_held(page: Page, held: list[Route]) -> Route:
    for _ in range(100):  # Playwright handles routes only while it talks to the page
        if held:
            return held[0]
        page.wait_for_timeout(50)
    raise AssertionError("the page never asked for the advisor list")


def test_the_markup_starts_with_the_buttons_disabled(platform: RunningPlatform) -> None:
    html = requests.get(platform.customer_url, timeout=10).text
    for testid in ("live-call", "booking-submit"):
        tag = re.search(rf"<button [^>]*data-testid=\"{testid}\"[^>]*>", html)
        assert tag is not None, testid
        assert re.search(r"\sdisabled[\s>]", tag.group(0)), testid


def test_a_click_before_the_advisor_list_is_impossible_then_works(
    platform: RunningPlatform, advisor_rest: AdvisorRest, browser: Browser
) -> None:
    advisor_rest.set_presence("online")
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    console = ConsoleWatch(page)
    try:
        held = hold_advisor_list(page)
        page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
        route = wait_held(page, held)
        call, book = page.get_by_test_id("live-call"), page.get_by_test_id("booking-submit")
        expect(call).to_be_disabled()
        expect(book).to_be_disabled()
        expect(page.get_by_test_id("live-hint")).to_have_text("Wird geladen…")
        page.get_by_test_id("live-alias").fill("Clara")
        page.get_by_test_id("live-age").fill("34")
        call.click(force=True)  # as a quick customer would: the disabled button takes no click
        page.wait_for_timeout(300)
        expect(page.get_by_test_id("live-message")).to_be_hidden()
        assert page_state(page)["phase"] == "loading"
        assert advisor_rest.ringing_requests() == []

        route.continue_()
        expect(call).to_be_enabled()
        expect(book).to_be_enabled()
        expect(page.get_by_test_id("live-hint")).to_contain_text("ist online")
        call.click()
        expect(page.get_by_test_id("live-waiting")).to_be_visible()
        ringing = wait_until(advisor_rest.ringing_requests, what="the live request")
        assert (ringing[0]["alias"], ringing[0]["advisor_id"]) == ("Clara", platform.advisor_id)
    finally:
        context.close()
    assert console.errors == []
