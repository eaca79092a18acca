"""Where a real browser matters, and a new network mid-call.

Chromium and Firefox on the customer page (their own congestion control, which follows our REMB,
their sparse RTCP while video is paused, a send rate that must be invited back after a pause) on
the shapes where issue 13 saw them fail: a drop and a recovery, and a line hovering around 320
kbit/s; the checks are the matrix's (`tests.netns.test_matrix`). And the advisor's machine moving
to another address mid-call (Wi-Fi to cable: the old path is gone for good, and with it the
signalling socket on the same line), with the simulated customer and with Chromium: a fresh
connection carries the call on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browsers import BrowserName, browser_missing
from tests.netns.lab import LineState, NetnsLab, netns_unavailable_reason
from tests.netns.scenario import Customer, ScenarioRun, Step, run_scenario
from tests.netns.shapes import SHAPES
from tests.netns.test_matrix import check_hover, check_steps

pytestmark = [pytest.mark.netns, pytest.mark.slow, pytest.mark.timeout(300)]

GOOD = LineState.both(2000)
NEW_NETWORK = (Step(8, advisor=GOOD), Step(18, advisor=GOOD, move=True))


@pytest.fixture
def lab() -> Iterator[NetnsLab]:
    reason = netns_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    created = NetnsLab().create()
    try:
        yield created
    finally:
        created.close()


def need(browser: BrowserName) -> None:
    missing = browser_missing(browser)
    if missing is not None:
        pytest.skip(missing)


# Both browsers. After a pause a browser's video follows its own estimate, which the drop cut
# and which climbs ~8 % a second, whatever the app asks (REMB, the page's maxBitrate): the page
# pads a probe up to its rate (`call-probe-fill.js`), so what arrives shows the line.
@pytest.mark.browser
@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_a_browser_on_a_drop_and_a_recovery(
    lab: NetnsLab, tmp_path: Path, browser: BrowserName
) -> None:
    need(browser)
    run = run_scenario(lab, tmp_path, SHAPES["steps"].on("advisor"), customer=browser)
    timeline = run.customer["timeline"]
    assert any(state["videoPaused"] for state in timeline), "the page paused its video"
    assert any(state["statsSent"] > 5 for state in timeline), "the page reported its figures"
    check_steps(run)


# Both browsers. Firefox needed three things: a probe's picture at most 360 lines high
# (`call-senders.js`: at 640x480 Firefox kept a floor of its own above the cap and lost half of
# it), loss towards it counted from what it asks for again (it counts a repaired packet as
# received: 0 % reported while a quarter of our video was lost, so the dips after video's return
# went unseen as a hovering line's), and a cut estimate of its small probe video read as the
# video's share of the line, not the line (it held our own probe to 30 kbit/s: video never came
# back in 1 of 4 lab runs).
@pytest.mark.browser
@pytest.mark.parametrize("browser", ["chromium", "firefox"])
def test_a_browser_on_a_line_hovering_around_the_video_minimum(
    lab: NetnsLab, tmp_path: Path, browser: BrowserName
) -> None:
    need(browser)
    run = run_scenario(lab, tmp_path, SHAPES["hover"].on("advisor"), customer=browser)
    check_hover(run)


def assert_moved_call_carried_on(run: ScenarioRun) -> None:
    """The old path died with the old address; a fresh connection took over."""
    timeline = run.timeline()
    assert run.call["end_reason"] == "hangup", timeline
    assert run.advisor_events("restore"), ("a fresh connection was made", timeline)
    back = run.first_after("reconnected", 1)
    assert back is not None, timeline
    assert back <= 12.0, timeline
    assert run.advisor["generation"] >= 1
    moved_at = run.step_started[1]
    start = run.started_at
    later = [
        line["received_kbps"]
        for line in run.advisor["line"]
        if moved_at + back + 2 <= start + line["t"] <= moved_at + run.steps[1].seconds
    ]
    assert later, "the call went on"
    assert min(later) > 20, ("media flows on the fresh connection", later)


@pytest.mark.parametrize("customer", ["bot", pytest.param("chromium", marks=pytest.mark.browser)])
def test_a_new_network_mid_call_is_carried_on_by_a_fresh_connection(
    lab: NetnsLab, tmp_path: Path, customer: Customer
) -> None:
    if customer != "bot":
        need(customer)
    run = run_scenario(lab, tmp_path, NEW_NETWORK, customer=customer)
    assert_moved_call_carried_on(run)
    if customer == "bot":
        assert run.customer["generation"] == run.advisor["generation"]
        assert run.customer["security_code"] == run.advisor["security_code"]
        return
    in_call = [s for s in run.customer["timeline"] if s["callPhase"] == "in_call"]
    assert in_call, "the page was in the call"
    last = in_call[-1]
    assert last["generation"] == run.advisor["generation"]
    assert not last["reconnecting"]
    moved = [s for s in in_call if s["generation"] == last["generation"]]
    assert moved[-1]["framesDecoded"] > moved[0]["framesDecoded"] + 60, "video on the new one"
