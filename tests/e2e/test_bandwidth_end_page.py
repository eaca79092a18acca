"""What the customer page says after a call ended because the line was too slow (both browsers).

A live call asks the customer to try again (the advisor cannot call a live customer back); a
booked call keeps its appointment, so the page says the advisor can call again.
"""

from __future__ import annotations

import pytest

from platform_server.testing import RunningPlatform
from tests.browsers import CustomerPage, wait_for_state

pytestmark = [pytest.mark.browser]


def test_the_page_says_what_comes_after_a_bandwidth_end(
    platform: RunningPlatform, customer_page: CustomerPage
) -> None:
    page = customer_page
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    wait_for_state(page, lambda s: s["phase"] != "loading")
    texts = page.evaluate(
        """async () => {
            const { endReasonText } = await import(new URL("texts.js", document.baseURI).href);
            return {
                live: endReasonText("bandwidth", "advisor", "Anna", "live"),
                booked: endReasonText("bandwidth", "advisor", "Anna", "booked"),
                unknown: endReasonText("bandwidth", "advisor", "Anna"),
            };
        }"""
    )
    assert "Bitte versuchen Sie es erneut" in texts["live"]
    assert texts["unknown"] == texts["live"]
    assert "Ihr Termin bleibt bestehen: Anna kann Sie erneut anrufen." in texts["booked"]
    assert "zu langsam" in texts["booked"]
