"""Adaptive quality on a real throttled network: two namespaces, a veth pair, `tc` on both ends.

The headless advisor and the customer (the simulated one, and Chromium on the customer page)
call each other while the link replays RFC 8867's variable-capacity case in short:
2 Mbit/s, 256 kbit/s, 2 Mbit/s, 24 kbit/s. Video must go off within 5 s of the drop while audio
keeps flowing, come back within 20 s of the recovery, and the call must end with reason
`bandwidth` within 15 s of the drop to 24 kbit/s, billed as the platform recorded it. A 3 s cut
is survived; a 60 s cut ends the call with a clear reason after fresh connections were tried;
when the advisor's address changes mid-call (another network), a fresh connection carries the
call on.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.netns.lab import NetnsLab, netns_unavailable_reason
from tests.netns.scenario import (
    LONG_CUT,
    NEW_NETWORK,
    VARIABLE_CAPACITY,
    ScenarioRun,
    Step,
    run_scenario,
)

pytestmark = [pytest.mark.netns, pytest.mark.slow, pytest.mark.timeout(240)]

CHROMIUM = Path("/usr/bin/chromium")


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


def _seconds(timestamp: str) -> float:
    return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def assert_billing_matches(run: ScenarioRun) -> None:
    call = run.call
    assert call["state"] == "ended"
    assert run.advisor["ended"]["billed_seconds"] == call["billed_seconds"]
    assert call["billed_seconds"] == int(_seconds(call["ended_at"]) - _seconds(call["started_at"]))
    ended = run.advisor_events("ended")
    assert ended, "the advisor's report has the end"
    # Billing stopped when the app decided to end, not later.
    assert abs(_seconds(call["ended_at"]) - ended[0]["at"]) < 3.0


def audio_during(run: ScenarioRun, begin: float, end: float) -> list[float]:
    """What the advisor received (kbit/s) each second between two wall-clock moments."""
    start = float(run.advisor["started_at"])
    return [
        float(line["received_kbps"])
        for line in run.advisor["line"]
        if begin <= start + line["t"] <= end
    ]


def assert_variable_capacity_handled(run: ScenarioRun) -> None:
    start = float(run.advisor.get("started_at") or 0.0)
    # A string, not a dict: pytest shortens the repr of a long object in a failure message.
    steps_at = [round(at - start, 1) for at in run.step_started]
    diagnostics = f"steps at {steps_at}\n" + "\n".join(
        f"{e['t']:7.2f} {e['event']:<20} up={e.get('up_kbps')} down={e.get('down_kbps')}"
        f" loss={e.get('loss')} {e.get('detail', '')}"
        for e in run.advisor.get("events", [])
    )
    assert len(run.step_started) == len(VARIABLE_CAPACITY), diagnostics
    video_off = run.first_after("video_off", 1)
    assert video_off is not None, diagnostics
    assert video_off <= 5.0, diagnostics
    slow_begin, slow_end = run.step_started[1], run.step_started[2]
    assert all(kbps > 20 for kbps in audio_during(run, slow_begin + video_off, slow_end)), (
        "audio keeps flowing with video off",
        diagnostics,
    )
    video_on = run.first_after("video_on", 2)
    assert video_on is not None, diagnostics
    assert video_on <= 20.0, diagnostics
    assert run.call["end_reason"] == "bandwidth", diagnostics
    ended = run.first_after("ended", 3)
    assert ended is not None, diagnostics
    assert ended <= 15.0, diagnostics
    assert run.advisor_events("countdown"), "a countdown came first"
    assert_billing_matches(run)


def test_simulated_customer_on_a_variable_capacity_link(lab: NetnsLab, tmp_path: Path) -> None:
    run = run_scenario(lab, tmp_path, VARIABLE_CAPACITY, customer="bot")
    events = [event["event"] for event in run.customer["events"]]
    assert "video_paused" in events, "the customer stopped its video when asked"
    assert "Video paused: connection too slow." in run.customer["notices"]
    assert_variable_capacity_handled(run)
    assert "video_resumed" in events


@pytest.mark.browser
def test_browser_customer_on_a_variable_capacity_link(lab: NetnsLab, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    run = run_scenario(lab, tmp_path, VARIABLE_CAPACITY, customer="browser")
    timeline = run.customer["timeline"]
    assert any(state["videoPaused"] for state in timeline), "the page paused its video"
    assert any(state["statsSent"] > 5 for state in timeline), "the page reported its figures"
    assert any(state["lastNotice"] == "video_paused" for state in timeline)
    assert_variable_capacity_handled(run)


def test_a_three_second_cut_is_survived(lab: NetnsLab, tmp_path: Path) -> None:
    steps = (Step(2000, 8), Step(2000, 3, cut=True), Step(2000, 10))
    run = run_scenario(lab, tmp_path, steps, customer="bot")
    assert run.call["end_reason"] == "hangup", run.advisor.get("events")
    assert not run.advisor_events("countdown")
    after_cut = audio_during(run, run.step_started[2] + 3, run.step_started[2] + 10)
    assert after_cut, "the call went on after the cut"
    assert min(after_cut) > 20, "media flows again"


def test_a_sixty_second_cut_ends_the_call_with_a_clear_reason(
    lab: NetnsLab, tmp_path: Path
) -> None:
    run = run_scenario(lab, tmp_path, LONG_CUT, customer="bot")
    assert run.call["end_reason"] == "bandwidth", run.advisor.get("events")
    assert run.advisor_events("reconnecting"), "it said it is restoring the connection"
    assert len(run.advisor_events("restore")) >= 3, "fresh connections were tried, repeatedly"
    assert run.advisor["ended"]["detail"].startswith("Connection lost for")
    ended = run.first_after("ended", 1)
    assert ended is not None
    assert ended <= 25.0  # 20 s of grace after ~2 s of silence
    assert_billing_matches(run)


def assert_moved_call_carried_on(run: ScenarioRun) -> float:
    """The old path died with the old address; a fresh connection took over. Returns how long
    after the move media flowed again (s)."""
    events = run.advisor.get("events")
    assert run.call["end_reason"] == "hangup", events
    assert run.advisor_events("restore"), ("a fresh connection was made", events)
    back = run.first_after("reconnected", 1)
    assert back is not None, events
    assert back <= 12.0, events
    moved_at = run.step_started[1]
    later = audio_during(run, moved_at + back + 2, moved_at + run.steps[1].seconds)
    assert later, "the call went on"
    assert min(later) > 20, ("media flows on the fresh connection", later)
    assert run.advisor["generation"] >= 1
    assert_billing_matches(run)
    return back


def test_a_new_network_mid_call_is_carried_on_by_a_fresh_connection(
    lab: NetnsLab, tmp_path: Path
) -> None:
    run = run_scenario(lab, tmp_path, NEW_NETWORK, customer="bot")
    assert_moved_call_carried_on(run)
    assert run.customer["generation"] == run.advisor["generation"]
    assert run.customer["security_code"] == run.advisor["security_code"]
    assert "reconnected" in [e["event"] for e in run.customer["events"]]


@pytest.mark.browser
def test_a_new_network_mid_call_is_carried_on_with_the_browser(
    lab: NetnsLab, tmp_path: Path
) -> None:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    pytest.importorskip("playwright.sync_api")
    run = run_scenario(lab, tmp_path, NEW_NETWORK, customer="browser")
    assert_moved_call_carried_on(run)
    timeline = run.customer["timeline"]
    in_call = [s for s in timeline if s["callPhase"] == "in_call"]
    assert in_call, "the page was in the call"
    last = in_call[-1]
    assert last["generation"] == run.advisor["generation"]
    assert not last["reconnecting"]
    moved = [s for s in in_call if s["generation"] == last["generation"]]
    assert moved[-1]["framesDecoded"] > moved[0]["framesDecoded"] + 60, "video on the new one"
