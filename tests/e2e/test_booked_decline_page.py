"""A request the advisor's real desk declines shows on the real customer page (both browsers)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from advisor_app.engine import Engine
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import Advisor
from tests.browsers import CustomerPage, wait_for_state, wait_for_text

pytestmark = [pytest.mark.browser]

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_declined_request_is_shown_on_the_customer_page(
    platform: RunningPlatform, customer_page: CustomerPage, screenshots: Path
) -> None:
    page = customer_page
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    wait_for_state(page, lambda s: s["phase"] != "loading" and s["socketOnline"])
    slot = (datetime.now(BERLIN) + timedelta(days=3)).replace(hour=10, minute=0, second=0)
    page.click("tab-booking")
    page.fill("booking-alias", "Greta")
    page.fill("booking-age", "44")
    page.fill("booking-slot-1", slot.strftime("%Y-%m-%dT%H:%M"))
    page.click("booking-submit")
    wait_for_text(page, "booking-state", "Angefragt – wartet auf Bestätigung")

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
    wait_for_text(page, "booking-state", "Abgelehnt")
    assert "Ich bin in der Woche verreist" in page.text("booking-item")
    page.screenshot(screenshots / "booking-declined-page.png")
