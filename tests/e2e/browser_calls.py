"""Steps of a live call from a browser customer, shared by the end-to-end browser tests."""

from __future__ import annotations

from typing import Any

from platform_server.testing import RunningPlatform
from tests.browsers import CustomerPage, wait_for_state
from tests.e2e.call_processes import event_names


def request_call(page: CustomerPage, platform: RunningPlatform) -> None:
    """Opens the advisor's link and asks for a live call."""
    page.goto(f"{platform.customer_url}?advisor={platform.advisor_id}")
    ask_for_live_call(page)


def ask_for_live_call(page: CustomerPage) -> None:
    """Asks for a live call as a customer does: the call button takes a click only once the
    advisor list and the page's event socket are there."""
    page.fill("live-alias", "Clara")
    page.fill("live-age", "34")
    page.click("live-call")


def wait_media_both_ways(page: CustomerPage, within_s: float = 20.0) -> dict[str, Any]:
    """The page decodes the advisor's picture and sound and shows the security code."""
    return wait_for_state(
        page,
        lambda s: (
            s["callPhase"] == "in_call"
            and s["framesDecoded"] > 30
            and s["audioBytesReceived"] > 2000
            and s["securityCode"] is not None
        ),
        within_s,
    )


def assert_advisor_side(advisor: dict[str, Any], page_state: dict[str, Any]) -> None:
    """The headless app's report: connected, the customer's picture and sound, the same code."""
    names = event_names(advisor)
    for milestone in ("connected", "first_remote_video_frame", "first_remote_audio", "ended"):
        assert milestone in names, names
    assert advisor["counters"]["remote_video_frames"] > 30
    assert advisor["counters"]["remote_audio_frames"] > 100
    assert advisor["security_code"] == page_state["securityCode"]
