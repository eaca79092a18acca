"""The platform owns a call's bill: heartbeats confirm media, hang-up reports carry the second
they were decided, a silent party ends the call, and only the platform gives its own reasons.

Real platform on loopback and real event sockets (`CallParty`); the platform's test clock moves
the calendar (what is billed) and a fake ticker moves network time (how long a party is silent).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from platform_server.call_parties import VOUCHED_AT_MOST_S
from platform_server.clock import FakeTicker
from platform_server.testing import RunningPlatform
from platform_server.testing_party import CallParty
from platform_server.wire import format_ts, parse_ts
from tests.platform_server.platform_api import Api, go_online, ring

SILENCE_S = 20.0


@pytest.fixture
def ticker() -> FakeTicker:
    return FakeTicker()


@pytest.fixture
def platform(tmp_path: Path, ticker: FakeTicker) -> Iterator[RunningPlatform]:
    # Tokens outlive the clock jumps of these tests.
    with RunningPlatform(
        tmp_path / "data", test_clock=True, ticker=ticker, access_ttl=6 * 3600
    ) as running:
        yield running


@pytest.fixture
def advisor_party(platform: RunningPlatform, advisor: Api) -> Iterator[CallParty]:
    with CallParty(platform.base_url, advisor.token) as party:
        yield party


@pytest.fixture
def customer_party(platform: RunningPlatform, customer: Api) -> Iterator[CallParty]:
    with CallParty(platform.base_url, customer.token) as party:
        yield party


def live_call(platform: RunningPlatform, advisor: Api, customer: Api) -> str:
    go_online(advisor)
    request = ring(customer, platform.advisor_id)
    return str(advisor.ok("POST", f"/api/v1/call-requests/{request['id']}/accept")["call_id"])


def now(platform: RunningPlatform) -> datetime:
    moment = parse_ts(platform.advance_clock(0))
    assert moment is not None
    return moment


def record(api: Api, call_id: str) -> dict[str, Any]:
    result: dict[str, Any] = api.ok("GET", f"/api/v1/calls/{call_id}")
    return result


def seconds_between(earlier: str, later: str) -> float:
    start, end = parse_ts(earlier), parse_ts(later)
    assert start is not None
    assert end is not None
    return (end - start).total_seconds()


def both_beat(call_id: str, *parties: CallParty, media: bool = True) -> None:
    for party in parties:
        party.beat(call_id, media)


@pytest.fixture
def active_call(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
) -> str:
    """A live call whose billing started: both parties confirmed media."""
    call_id = live_call(platform, advisor, customer)
    both_beat(call_id, advisor_party, customer_party)
    assert record(advisor, call_id)["state"] == "active"
    return call_id


# -- billing starts with media on both sides ----------------------------------------------------


def test_billing_starts_only_when_both_parties_confirmed_media(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
) -> None:
    call_id = live_call(platform, advisor, customer)
    advisor_party.beat(call_id, media=True)
    customer_party.beat(call_id, media=False)  # nothing arrives at the customer yet
    platform.advance_clock(6)
    advisor_party.beat(call_id, media=True)
    call = record(customer, call_id)
    assert (call["state"], call["started_at"], call["billed_seconds"]) == ("connecting", None, 0)

    platform.advance_clock(3)
    media_from_now = now(platform)
    customer_party.beat(call_id, media=True)
    call = record(customer, call_id)
    assert call["state"] == "active"
    assert parse_ts(call["started_at"]) == pytest.approx(media_from_now, abs=timedelta(seconds=1))


def test_an_advisor_alone_with_media_bills_nothing(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
) -> None:
    call_id = live_call(platform, advisor, customer)
    for _ in range(3):
        both_beat(call_id, advisor_party)
        customer_party.beat(call_id, media=False)
        platform.advance_clock(2)
    ended = advisor.ok("POST", f"/api/v1/calls/{call_id}/hangup", {"reason": "hangup"})
    assert (ended["state"], ended["billed_seconds"], ended["started_at"]) == ("ended", 0, None)


# -- the hang-up report ---------------------------------------------------------------------------


def test_a_hang_up_is_billed_to_the_second_it_was_decided(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    started = record(advisor, active_call)["started_at"]
    platform.advance_clock(60)
    both_beat(active_call, advisor_party, customer_party)
    platform.advance_clock(1)
    decided = parse_ts(started) + timedelta(seconds=60.5)  # type: ignore[operator]
    platform.advance_clock(4)  # the report arrives later than the decision
    body = {"reason": "hangup", "at": format_ts(decided)}
    ended = advisor.ok("POST", f"/api/v1/calls/{active_call}/hangup", body)
    assert (ended["state"], ended["end_reason"], ended["ended_by"]) == (
        "ended",
        "hangup",
        "advisor",
    )
    assert ended["billed_until"] == format_ts(decided)
    assert ended["billed_seconds"] == 60
    assert seconds_between(ended["billed_until"], ended["ended_at"]) >= 4.5  # heard later


def test_a_hang_up_is_idempotent(
    platform: RunningPlatform, advisor: Api, customer: Api, active_call: str
) -> None:
    platform.advance_clock(30)
    first = customer.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "hangup"})
    platform.advance_clock(10)
    # Retried (its answer was lost), and the advisor's own report crossing it: nothing changes.
    again = customer.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "hangup"})
    crossing = advisor.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "bandwidth"})
    assert again == first == crossing
    assert first["ended_by"] == "customer"


def test_a_decided_second_is_never_billed_past_the_confirmed_media_by_more_than_20_s(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    started = parse_ts(record(advisor, active_call)["started_at"])
    assert started is not None
    platform.advance_clock(10)
    both_beat(active_call, advisor_party, customer_party)  # media confirmed to +10 s
    platform.advance_clock(50)
    both_beat(active_call, advisor_party, customer_party, media=False)  # alive, no media
    body = {"reason": "bandwidth", "at": format_ts(started + timedelta(seconds=55))}
    ended = advisor.ok("POST", f"/api/v1/calls/{active_call}/hangup", body)
    assert ended["billed_seconds"] == 10 + 20


@pytest.mark.parametrize(("decided_s", "billed"), [(-30.0, 0), (1000.0, 12)])
def test_a_decided_second_outside_the_call_is_bounded_by_its_start_and_now(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
    decided_s: float,
    billed: int,
) -> None:
    started = parse_ts(record(advisor, active_call)["started_at"])
    assert started is not None
    platform.advance_clock(12)
    both_beat(active_call, advisor_party, customer_party)
    body = {"reason": "hangup", "at": format_ts(started + timedelta(seconds=decided_s))}
    assert customer.ok("POST", f"/api/v1/calls/{active_call}/hangup", body)["billed_seconds"] == (
        billed
    )


def test_a_hangup_signal_ends_the_call_on_the_platform(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    platform.advance_clock(20)
    both_beat(active_call, advisor_party, customer_party)
    customer_party.signal(active_call, {"kind": "hangup", "reason": "hangup"})
    call = record(advisor, active_call)
    assert (call["state"], call["ended_by"], call["end_reason"]) == ("ended", "customer", "hangup")
    assert call["billed_seconds"] == 20
    relayed = advisor_party.received("signal")
    assert [m["data"] for m in relayed] == [{"kind": "hangup", "reason": "hangup"}]
    # A heartbeat after the end is answered with the ended record.
    advisor_party.beat(active_call)
    assert advisor_party.received("call")[-1]["data"]["state"] == "ended"


# -- who may say why ------------------------------------------------------------------------------

PLATFORM_ONLY = ["booked_end", "no_answer", "no_show", "connection_lost"]


@pytest.mark.parametrize(
    ("who", "reason"),
    [("advisor", r) for r in PLATFORM_ONLY] + [("customer", r) for r in [*PLATFORM_ONLY, "abuse"]],
)
def test_a_reason_the_party_may_not_give_is_403_and_changes_nothing(
    platform: RunningPlatform,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
    who: str,
    reason: str,
) -> None:
    api, party, other = (
        (advisor, advisor_party, customer_party)
        if who == "advisor"
        else (customer, customer_party, advisor_party)
    )
    before = record(advisor, active_call)
    response = api.post(f"/api/v1/calls/{active_call}/hangup", {"reason": reason})
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"
    party.signal(active_call, {"kind": "hangup", "reason": reason})
    assert party.received("error")[-1]["code"] == "forbidden"
    assert other.received("signal") == []  # not relayed
    assert record(advisor, active_call) == before


# -- a silent party -------------------------------------------------------------------------------


def test_a_party_silent_for_20_s_ends_the_call_billed_to_the_last_media(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    platform.advance_clock(40)
    both_beat(active_call, advisor_party, customer_party)  # media confirmed to +40 s
    advisor_party.vanish()
    for _ in range(9):  # the customer goes on beating, without media, every 2 s
        platform.advance_clock(2)
        ticker.advance(2)
        customer_party.beat(active_call, media=False)
    ticker.advance(SILENCE_S - 18 - 0.5)
    platform.advance_clock(0)  # fires the sweep
    assert record(customer, active_call)["state"] == "active"
    ticker.advance(0.5)
    platform.advance_clock(0)
    call = record(customer, active_call)
    assert (call["state"], call["end_reason"], call["ended_by"]) == (
        "ended",
        "connection_lost",
        "platform",
    )
    assert call["billed_seconds"] == 40
    assert customer_party.received("call")[-1]["data"]["end_reason"] == "connection_lost"
    # The advisor's app is gone: no live calls for them until it is back.
    assert customer.ok("GET", f"/api/v1/advisors/{platform.advisor_id}")["presence"] == "offline"


def test_a_silent_customer_leaves_the_advisor_online(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    customer_party.vanish()
    ticker.advance(SILENCE_S - 1)
    advisor_party.beat(active_call, media=False)  # nothing arrives from the customer either
    ticker.advance(1)
    platform.advance_clock(0)
    assert record(advisor, active_call)["end_reason"] == "connection_lost"
    assert advisor.ok("GET", f"/api/v1/advisors/{platform.advisor_id}")["presence"] == "online"


def test_a_party_whose_media_arrives_is_not_silent_without_its_own_heartbeats(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    """A customer on a 48 kbit/s line: its speech keeps the line's queue full, and its event
    socket stalls for more than 20 s while the advisor hears it (lab). The call goes on; the
    bill follows the confirmations as before, and once nothing arrives either, it ends."""
    customer_party.vanish()
    for _ in range(15):  # 30 s: the advisor hears the customer's speech
        ticker.advance(2)
        advisor_party.beat(active_call, media=True)
        platform.advance_clock(0)
    assert record(advisor, active_call)["state"] == "active"
    ticker.advance(SILENCE_S - 1)
    advisor_party.beat(active_call, media=False)
    ticker.advance(1)
    platform.advance_clock(0)
    assert record(advisor, active_call)["end_reason"] == "connection_lost"


def test_the_other_partys_word_keeps_a_silent_party_for_a_minute_at_most(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    """An advisor that says it hears a vanished customer (a bug, or a lie) keeps the call open
    only so long."""
    customer_party.vanish()
    for _ in range(int(VOUCHED_AT_MOST_S // 2)):
        ticker.advance(2)
        advisor_party.beat(active_call, media=True)
        platform.advance_clock(0)
    assert record(advisor, active_call)["state"] == "active"
    ticker.advance(2)
    advisor_party.beat(active_call, media=True)
    platform.advance_clock(0)
    assert record(advisor, active_call)["end_reason"] == "connection_lost"


def test_a_clock_jump_is_not_silence(
    platform: RunningPlatform, advisor: Api, customer: Api, active_call: str
) -> None:
    platform.advance_clock(3600)  # the calendar moves, the network does not
    assert record(advisor, active_call)["state"] == "active"


def test_a_late_report_of_the_party_whose_line_collapsed_replaces_connection_lost(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    started = parse_ts(record(advisor, active_call)["started_at"])
    assert started is not None
    platform.advance_clock(30)
    both_beat(active_call, advisor_party, customer_party)  # media to +30 s, then the collapse
    advisor_party.stop_beating()
    platform.advance_clock(12)
    decided = started + timedelta(seconds=42)  # the app decides; its report cannot get through
    ticker.advance(SILENCE_S)
    platform.advance_clock(0)
    assert record(customer, active_call)["end_reason"] == "connection_lost"
    platform.advance_clock(15)  # the report gets through at last
    body = {"reason": "bandwidth", "at": format_ts(decided)}
    revised = advisor.ok("POST", f"/api/v1/calls/{active_call}/hangup", body)
    assert (revised["end_reason"], revised["ended_by"]) == ("bandwidth", "advisor")
    assert revised["billed_seconds"] == 42
    assert revised["billed_until"] == format_ts(decided)
    # Only once, and only with a second before the platform's end.
    again = customer.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "hangup"})
    assert again == revised


def test_a_report_decided_after_the_platform_ended_the_call_changes_nothing(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    platform.advance_clock(5)
    both_beat(active_call, advisor_party, customer_party)
    advisor_party.vanish()
    customer_party.vanish()
    ticker.advance(SILENCE_S)
    platform.advance_clock(0)
    lost = record(advisor, active_call)
    assert lost["end_reason"] == "connection_lost"
    platform.advance_clock(5)
    late = advisor.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "hangup"})
    assert late == lost


# -- a restart of the platform --------------------------------------------------------------------


# The test clock starts again from real time after a restart, so these tests move it only after.


def test_after_a_restart_a_call_goes_on_when_both_parties_come_back(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    advisor_party.vanish()
    customer_party.vanish()
    platform.stop()
    ticker.advance(60)  # a long outage: longer than the silence limit
    platform.start()
    ticker.advance(SILENCE_S - 5)  # every party has the whole limit again to come back
    platform.advance_clock(25)
    with (
        CallParty(platform.base_url, advisor.token) as advisor_again,
        CallParty(platform.base_url, customer.token) as customer_again,
    ):
        both_beat(active_call, advisor_again, customer_again)
        ticker.advance(10)
        platform.advance_clock(0)
        assert record(advisor, active_call)["state"] == "active"
        ended = customer.ok("POST", f"/api/v1/calls/{active_call}/hangup", {"reason": "hangup"})
    # One call, billed across the restart from its start to the hang-up.
    assert ended["billed_seconds"] == 25


def test_after_a_restart_a_call_whose_parties_are_gone_ends_by_the_same_rule(
    platform: RunningPlatform,
    ticker: FakeTicker,
    advisor: Api,
    customer: Api,
    advisor_party: CallParty,
    customer_party: CallParty,
    active_call: str,
) -> None:
    before = now(platform)
    both_beat(active_call, advisor_party, customer_party)
    after = now(platform)
    advisor_party.vanish()
    customer_party.vanish()
    platform.stop()
    platform.start()
    platform.advance_clock(30)
    ticker.advance(SILENCE_S - 1)
    platform.advance_clock(0)
    assert record(advisor, active_call)["state"] == "active"
    ticker.advance(1)
    platform.advance_clock(0)
    call = record(advisor, active_call)
    assert (call["state"], call["end_reason"]) == ("ended", "connection_lost")
    billed_until = parse_ts(call["billed_until"])
    assert billed_until is not None
    assert before <= billed_until <= after  # the last media before the restart
    assert seconds_between(call["billed_until"], call["ended_at"]) >= 30
