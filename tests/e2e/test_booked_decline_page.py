"""A request the advisor's real desk declines shows on the real customer page (Chromium)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from advisor_app.engine import Engine
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor
from tests.platform_server.page_helpers import wait_for_state

pytestmark = [pytest.mark.browser]

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_declined_request_is_shown_on_the_customer_page(
    platform: RunningPlatform, browser: Any
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(timezone_id="Europe/Berlin", locale="de-DE")
    page = context.new_page()
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    wait_for_state(page, lambda s: s["phase"] != "loading" and s["socketOnline"])
    slot = (datetime.now(BERLIN) + timedelta(days=3)).replace(hour=10, minute=0, second=0)
    page.get_by_test_id("tab-booking").click()
    page.get_by_test_id("booking-alias").fill("Greta")
    page.get_by_test_id("booking-age").fill("44")
    page.get_by_test_id("booking-slot-1").fill(slot.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_test_id("booking-submit").click()
    expect(page.get_by_test_id("booking-state")).to_have_text("Angefragt – wartet auf Bestätigung")

    async def decline() -> None:
        advisor = Advisor(platform)
        desk = advisor.desk
        try:
            await desk.sign_in(platform.advisor_email, platform.advisor_password, False)
            await desk.refresh()
            booking = next(b for b in desk.bookings if b.alias == "Greta")
            await desk.decline_booking(booking.id, "Ich bin in der Woche verreist")
        finally:
            await advisor.close()

    engine = Engine("decline")  # playwright's sync API holds this thread's loop
    engine.start()
    try:
        engine.submit(decline()).result(timeout=30)
    finally:
        engine.stop()
    expect(page.get_by_test_id("booking-state")).to_have_text("Abgelehnt")
    expect(page.get_by_test_id("booking-item")).to_contain_text("Ich bin in der Woche verreist")
    page.screenshot(path="/tmp/booking-declined-page.png", full_page=True)
    context.close()
