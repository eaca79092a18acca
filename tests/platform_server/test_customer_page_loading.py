"""The customer page's controls wait for the data they need (real Chromium, real platform).

The platform's answer with the advisor list is held back (Playwright routing) to make "before the
list has loaded" last as long as the test needs: the call and booking buttons must be disabled,
a click on them must change nothing, and once the list is there the same click must work,
also on a link that names the advisor (`?advisor=`).

The page fetches its lists again whenever its socket connects. An answer that left the platform
before an event may arrive after it: it must not undo what the event brought (a full CI run on a
busy machine once lost a confirmed booking's pay button that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import TypeVar

import pytest
import requests
from playwright.sync_api import APIResponse, Browser, Page, Route, expect

from platform_server.testing import RunningPlatform
from tests.platform_server.page_helpers import (
    AdvisorRest,
    ConsoleWatch,
    page_state,
    wait_for_state,
    wait_until,
)

pytestmark = [pytest.mark.browser]

T = TypeVar("T")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Page]:
    """A fresh customer tab (its own context, so a new guest); it must log no errors."""
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    console = ConsoleWatch(page)
    yield page
    context.close()
    assert console.errors == []


def hold_advisor_list(page: Page) -> list[Route]:
    """Holds every request for the advisor list until the test continues it."""
    held: list[Route] = []
    page.route(re.compile(r"/api/v1/advisors$"), lambda route: held.append(route))  # noqa: PLW0108 (Playwright wraps the handler: a bound builtin cannot be)
    return held


def wait_held(page: Page, held: list[T], what: str = "the advisor list") -> T:
    for _ in range(100):  # Playwright handles routes only while it talks to the page
        if held:
            return held[0]
        page.wait_for_timeout(50)
    raise AssertionError(f"the page never asked for {what}")


def test_the_markup_starts_with_the_buttons_disabled(platform: RunningPlatform) -> None:
    html = requests.get(platform.customer_url, timeout=10).text
    for testid in ("live-call", "booking-submit"):
        tag = re.search(rf"<button [^>]*data-testid=\"{testid}\"[^>]*>", html)
        assert tag is not None, testid
        assert re.search(r"\sdisabled[\s>]", tag.group(0)), testid


def test_a_click_before_the_advisor_list_is_impossible_then_works(
    platform: RunningPlatform, advisor_rest: AdvisorRest, tab: Page
) -> None:
    page = tab
    advisor_rest.set_presence("online")
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


class LateAnswers:
    """Lets the page's first GET of a list through; every later one is answered with the
    platform's data of the moment it was asked, but only when the test releases it."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.asked = 0
        self.held: list[tuple[Route, APIResponse]] = []
        page.route(re.compile(rf"/api/v1{path}$"), self._route)

    def _route(self, route: Route) -> None:
        if route.request.method != "GET":
            route.continue_()
            return
        self.asked += 1
        if self.asked == 1:
            route.continue_()
            return
        self.held.append((route, route.fetch()))

    def release(self) -> None:
        """Sends the held answers, now older than what the page learnt since."""
        wait_held(self.page, self.held, "the list again")
        for route, answer in self.held:
            route.fulfill(response=answer)
        self.held.clear()


def test_a_late_refresh_keeps_what_events_brought_meanwhile(
    platform: RunningPlatform, advisor_rest: AdvisorRest, tab: Page
) -> None:
    page = tab
    advisor_rest.set_presence("offline")
    late_bookings = LateAnswers(page, "/bookings")
    late_advisors = LateAnswers(page, "/advisors")
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}&tab=booking")
    wait_for_state(page, lambda s: s["phase"] != "loading" and s["socketOnline"])
    by = page.get_by_test_id
    presence = by(f"advisor-{platform.advisor_id}").locator(".badge")
    expect(by("booking-submit")).to_be_enabled()

    # While the refresh after connecting travels: a booking, confirmed; the advisor online.
    by("booking-alias").fill("Mara")
    by("booking-age").fill("29")
    by("booking-slot-1").fill(f"{date.today() + timedelta(days=9)}T10:30")
    by("booking-submit").click()
    expect(by("booking-state")).to_have_text("Angefragt – wartet auf Bestätigung")
    booking = advisor_rest.bookings()[0]
    advisor_rest.call(
        "POST", f"/bookings/{booking['id']}/confirm", {"slot": booking["wished_slots"][0]}
    )
    expect(by("booking-pay")).to_be_visible()
    advisor_rest.set_presence("online")
    expect(presence).to_have_attribute("data-presence", "online")

    late_bookings.release()
    late_advisors.release()
    page.wait_for_timeout(300)
    expect(by("booking-state")).to_have_text("Bestätigt")
    expect(presence).to_have_attribute("data-presence", "online")
    by("booking-pay").click()
    expect(by("booking-paid")).to_have_text("Bezahlt ✓")
