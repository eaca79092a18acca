"""The platform owns a call's lifetime: real parties (the headless app and the simulated customer
as subprocesses) are killed mid-call, or the platform restarts under them, and the platform's
record of the call ends (or goes on) by its own rule, billed to the last confirmed media.

The platform runs in-process on loopback (a `stop()` and `start()` is a real restart on the same
port and data) with the real clock: the silence limit is 20 s, so these tests take real time.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime
from typing import Any

import pytest

from platform_server.testing import RunningPlatform
from platform_server.wire import parse_ts
from tests.e2e.call_processes import Launcher, Process, platform_get, wait_for_presence

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def the_call(platform: RunningPlatform) -> dict[str, Any]:
    calls = platform_get(platform, "/calls")["calls"]
    return dict(calls[0])


def wait_for_call(
    platform: RunningPlatform, check: Any, within_s: float, what: str
) -> dict[str, Any]:
    deadline = time.monotonic() + within_s
    while True:
        call = the_call(platform)
        if check(call):
            return call
        assert time.monotonic() < deadline, f"{what}: {call}"
        time.sleep(0.2)


def billed_for(platform: RunningPlatform, seconds: float) -> dict[str, Any]:
    """Waits until the call between the two processes is billed and has run `seconds`."""
    active = wait_for_call(platform, lambda c: c["state"] == "active", 30, "billing to start")
    started = parse_ts(active["started_at"])
    assert started is not None
    wait_for_call(
        platform,
        lambda _c: (datetime.now(UTC) - started).total_seconds() >= seconds,
        seconds + 5,
        "the call to run",
    )
    return active


def kill(*processes: Process) -> datetime:
    """SIGKILL, as a crash or a dead battery: no hang-up, no goodbye on any socket."""
    for process in processes:
        process.popen.send_signal(signal.SIGKILL)
    for process in processes:
        process.popen.wait(timeout=10)
    return datetime.now(UTC)


def seconds(earlier: datetime, later_ts: str) -> float:
    later = parse_ts(later_ts)
    assert later is not None
    return (later - earlier).total_seconds()


def test_both_parties_killed_mid_call_are_ended_by_the_platform(
    platform: RunningPlatform, launcher: Launcher
) -> None:
    advisor = launcher.headless(120)
    wait_for_presence(platform, "online")
    customer = launcher.customer_bot(120, "--no-self-test")
    billed_for(platform, 5)

    killed_at = kill(advisor, customer)
    ended = wait_for_call(platform, lambda c: c["state"] == "ended", 30, "the platform's end")

    assert (ended["end_reason"], ended["ended_by"]) == ("connection_lost", "platform")
    assert seconds(killed_at, ended["ended_at"]) <= 30
    assert abs(seconds(killed_at, ended["billed_until"])) <= 5  # to the last media
    started = parse_ts(ended["started_at"])
    assert started is not None
    assert ended["billed_seconds"] == int(seconds(started, ended["billed_until"]))
    # The advisor's app is gone: offline, not held busy in a call that is over.
    assert platform_get(platform, f"/advisors/{platform.advisor_id}")["presence"] == "offline"


def test_a_platform_restart_mid_call_lets_the_call_go_on(
    platform: RunningPlatform, launcher: Launcher
) -> None:
    advisor = launcher.headless(60)
    wait_for_presence(platform, "online")
    customer = launcher.customer_bot(22, "--no-self-test")
    active = billed_for(platform, 4)

    platform.stop()
    platform.start()  # both parties reconnect their sockets and go on beating
    customer_report = customer.finish()
    advisor_report = advisor.finish()

    ended = the_call(platform)
    assert ended["id"] == active["id"] == customer_report["call_id"]
    assert (ended["state"], ended["end_reason"], ended["ended_by"]) == (
        "ended",
        "hangup",
        "customer",
    )
    assert ended["started_at"] == active["started_at"]  # one call, billed across the restart
    assert ended["billed_seconds"] >= 18
    assert advisor_report["ended"]["billed_seconds"] == ended["billed_seconds"]


def test_a_platform_restart_after_both_parties_died_ends_the_call_by_the_same_rule(
    platform: RunningPlatform, launcher: Launcher
) -> None:
    advisor = launcher.headless(120)
    wait_for_presence(platform, "online")
    customer = launcher.customer_bot(120, "--no-self-test")
    billed_for(platform, 5)

    killed_at = kill(advisor, customer)
    platform.stop()
    platform.start()
    restarted_at = datetime.now(UTC)
    ended = wait_for_call(platform, lambda c: c["state"] == "ended", 30, "the platform's end")

    assert (ended["end_reason"], ended["ended_by"]) == ("connection_lost", "platform")
    assert seconds(restarted_at, ended["ended_at"]) <= 25  # the whole limit again after a start
    assert abs(seconds(killed_at, ended["billed_until"])) <= 5


def test_the_apps_hang_up_is_billed_to_the_second_it_decided(
    platform: RunningPlatform, launcher: Launcher
) -> None:
    advisor = launcher.headless(10)
    wait_for_presence(platform, "online")
    customer = launcher.customer_bot(60, "--no-self-test")
    report = advisor.finish()
    customer.finish()

    record = platform_get(platform, f"/calls/{report['call_id']}")
    assert (record["end_reason"], record["ended_by"]) == ("hangup", "advisor")
    decided, billed_until = (
        parse_ts(report["ended"]["decided_at"]),
        parse_ts(record["billed_until"]),
    )
    assert decided is not None
    assert billed_until is not None
    assert abs((billed_until - decided).total_seconds()) < 0.001  # the platform took its second
    assert report["ended"]["billed_seconds"] == record["billed_seconds"] >= 5
