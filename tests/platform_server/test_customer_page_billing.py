"""The customer page's part in the bill, in a real Chromium against a real platform: heartbeats
from what really arrives, and a hang-up that reaches the platform with its second although the
platform was down when the customer hung up.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from platform_server.testing import RunningPlatform
from platform_server.wire import parse_ts
from tests.platform_server.page_helpers import (
    AdvisorRest,
    CustomerPage,
    aiortc_advisor,
    wait_for_state,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(90)]

NOT_ACKNOWLEDGED = "hang-up report not acknowledged"


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    # The real clock: a restart here must not move time (the test clock starts again at a start).
    with RunningPlatform(tmp_path / "data") as running:
        yield running


@pytest.fixture
def customer_page(
    browser: Browser, platform: RunningPlatform, screenshots: Path
) -> Iterator[CustomerPage]:
    page = CustomerPage(
        browser, f"{platform.customer_url}?advisor={platform.advisor_id}", screenshots
    )
    yield page
    page.close()


def wait_logged(customer_page: CustomerPage, text: str, times: int, within_s: float = 10) -> None:
    """Until the page logged `text` `times` times (the page's events arrive while it waits)."""
    deadline = time.monotonic() + within_s
    while sum(text in line for line in customer_page.console.lines) < times:
        assert time.monotonic() < deadline, f"the page did not log {text!r} {times} times"
        customer_page.page.wait_for_timeout(100)


def start_live_call(customer_page: CustomerPage, advisor_rest: AdvisorRest) -> str:
    advisor_rest.set_presence("online")
    customer_page.fill_profile("live", "Kim", 34)
    customer_page.by("live-call").click()
    request = wait_until(advisor_rest.ringing_requests, what="the live request")[0]
    return str(advisor_rest.call("POST", f"/call-requests/{request['id']}/accept", {})["call_id"])


def test_billing_starts_when_the_page_and_the_advisor_confirmed_media(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, platform: RunningPlatform
) -> None:
    call_id = start_live_call(customer_page, advisor_rest)
    # The page beats from the start of the call, without media until the advisor answers.
    wait_for_state(customer_page.page, lambda s: s["heartbeatsSent"] >= 1)
    assert advisor_rest.call("GET", f"/calls/{call_id}")["state"] == "connecting"
    with aiortc_advisor(platform.base_url, advisor_rest.token) as peer:
        peer.answer(call_id)
        wait_for_state(
            customer_page.page, lambda s: s["connectionState"] == "connected", timeout=20
        )
        call = wait_until(
            lambda: (c := advisor_rest.call("GET", f"/calls/{call_id}"))["state"] == "active" and c,
            what="billing to start",
        )
        assert call["started_at"] is not None
        customer_page.by("hangup").click()
        expect(customer_page.by("ended-billed")).to_have_attribute(
            "data-billed-seconds", re.compile(r"^\d+$")
        )
    ended = advisor_rest.call("GET", f"/calls/{call_id}")
    shown = wait_for_state(customer_page.page, lambda s: s["billedSeconds"] is not None)
    assert shown["billedSeconds"] == ended["billed_seconds"]


def test_a_hang_up_while_the_platform_is_down_is_billed_to_its_second(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, platform: RunningPlatform
) -> None:
    call_id = start_live_call(customer_page, advisor_rest)
    with aiortc_advisor(platform.base_url, advisor_rest.token) as peer:
        peer.answer(call_id)
        wait_until(
            lambda: advisor_rest.call("GET", f"/calls/{call_id}")["state"] == "active",
            timeout=20,
            what="billing to start",
        )
        customer_page.page.wait_for_timeout(3000)  # a few seconds of call to bill
        platform.stop()
        before = datetime.now(UTC)
        customer_page.by("hangup").click()
        after = datetime.now(UTC)
        expect(customer_page.by("ended-billed")).to_have_text("wird ermittelt…")
        # The report is tried again and again while the platform is away …
        wait_logged(customer_page, NOT_ACKNOWLEDGED, times=2)
        platform.start()
        # … and gets through once it is back; the page then shows the platform's figure.
        expect(customer_page.by("ended-billed")).to_have_attribute(
            "data-billed-seconds", re.compile(r"^[1-9]\d*$"), timeout=20_000
        )
    call = advisor_rest.call("GET", f"/calls/{call_id}")
    assert (call["state"], call["ended_by"], call["end_reason"]) == ("ended", "customer", "hangup")
    billed_until, ended_at = parse_ts(call["billed_until"]), parse_ts(call["ended_at"])
    assert billed_until is not None
    assert ended_at is not None
    # Billed to the second the customer decided, not to when the platform heard of it.
    assert before.timestamp() - 0.5 <= billed_until.timestamp() <= after.timestamp() + 0.5
    assert (ended_at - after).total_seconds() >= 1.0
    assert call["billed_seconds"] >= 2
    shown = wait_for_state(customer_page.page, lambda s: s["billedSeconds"] is not None)
    assert shown["billedSeconds"] == call["billed_seconds"]
