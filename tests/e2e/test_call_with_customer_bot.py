"""The headless app takes a real call from the simulated customer on a real platform.

Both are subprocesses, as support staff and the demo run them; their JSON reports are compared
with each other and with the platform's record of the call.
"""

from __future__ import annotations

from typing import Any

import pytest

from platform_server.testing import RunningPlatform
from tests.e2e.call_processes import (
    Launcher,
    event_names,
    event_time,
    platform_get,
    wait_for_presence,
)

pytestmark = pytest.mark.slow


def assert_media_flowed_both_ways(advisor: dict[str, Any], customer: dict[str, Any]) -> None:
    for report in (advisor, customer):
        names = event_names(report)
        for milestone in ("accepted", "connected", "first_remote_video_frame", "ended"):
            assert milestone in names, (report["role"], names)
        assert "first_remote_audio" in names
        assert report["counters"]["remote_video_frames"] > 60
        assert report["counters"]["remote_audio_frames"] > 100  # 20 ms frames
        assert any(s["received_kbps"]["total"] > 100 for s in report["samples"])
        assert any(s["sent_kbps"]["audio"] > 5 for s in report["samples"])
    # The customer offered (a live call): the app's answering starts there (bench: first frame).
    assert event_time(advisor, "accepted") <= event_time(advisor, "offer_received")
    assert event_time(advisor, "offer_received") <= event_time(advisor, "connected")
    assert advisor["security_code"] is not None
    assert advisor["security_code"] == customer["security_code"]


def assert_chat_and_camera_crossed_over(advisor: dict[str, Any], customer: dict[str, Any]) -> None:
    assert customer["chat_received"] == ["Headless self-test: can you read this?"]
    assert advisor["chat_received"] == ["Hallo! Können Sie mich gut sehen und hören?"]
    # Each side saw the other's camera go off and come back.
    assert [c["on"] for c in customer["remote_camera"]] == [False, True]
    advisor_tile = [c["on"] for c in advisor["remote_camera"]]
    assert advisor_tile[-2:] == [False, True], advisor_tile


def assert_same_end(
    platform: RunningPlatform, advisor: dict[str, Any], customer: dict[str, Any], by: str
) -> None:
    record = platform_get(platform, f"/calls/{advisor['call_id']}")
    assert record["state"] == "ended"
    assert record["ended_by"] == by
    expected = {"reason": "hangup", "by": by, "billed_seconds": record["billed_seconds"]}
    assert {k: advisor["ended"][k] for k in expected} == expected
    assert {k: customer["ended"][k] for k in expected} == expected
    assert record["billed_seconds"] >= 4


def test_advisor_hangs_up(platform: RunningPlatform, launcher: Launcher) -> None:
    advisor_process = launcher.headless(8, "--self-test")
    wait_for_presence(platform, "online")
    customer_process = launcher.customer_bot(60)

    advisor = advisor_process.finish()
    customer = customer_process.finish()

    assert advisor["call_id"] == customer["call_id"]
    assert_media_flowed_both_ways(advisor, customer)
    assert_chat_and_camera_crossed_over(advisor, customer)
    assert_same_end(platform, advisor, customer, by="advisor")
    assert event_time(advisor, "connected") < 1.5
    assert "remote_hangup" in event_names(customer)


def test_customer_hangs_up(platform: RunningPlatform, launcher: Launcher) -> None:
    advisor_process = launcher.headless(60)
    wait_for_presence(platform, "online")
    customer_process = launcher.customer_bot(6, "--no-self-test")

    customer = customer_process.finish()
    advisor = advisor_process.finish()

    assert_media_flowed_both_ways(advisor, customer)
    assert_same_end(platform, advisor, customer, by="customer")
    assert advisor["ended"]["detail"] == "The customer hung up."
    assert event_time(advisor, "ended") < 9  # ended by the hang-up, not by the 60 s duration


def test_a_fresh_connection_carries_the_call_on(
    platform: RunningPlatform, launcher: Launcher
) -> None:
    """After a (forced) drop the app offers a fresh connection; the customer answers it and the
    call goes on with media both ways, one call record and one bill."""
    advisor_process = launcher.headless(14, "--reconnect-at", "5")
    wait_for_presence(platform, "online")
    customer_process = launcher.customer_bot(60, "--no-self-test")

    advisor = advisor_process.finish()
    customer = customer_process.finish()

    assert advisor["generation"] == customer["generation"] == 1
    assert "reconnected" in event_names(customer), event_names(customer)
    reconnected_at = event_time(customer, "reconnected")
    assert reconnected_at - event_time(customer, "reconnect_offered") < 3.0
    # Media after the fresh connection, both ways (the customer's samples are per second).
    after = [s for s in customer["samples"] if s["t"] > reconnected_at + 1]
    assert len(after) >= 4
    assert sum(s["fps_in"] for s in after) > 40
    # The app's microphone survived its old connection (RTCP sender reports: lumpy, so summed).
    assert sum(s["received_kbps"]["audio"] for s in after) > 20 * len(after)
    advisor_after = [
        s for s in advisor["line"] if s["t"] > event_time(advisor, "reconnect_requested") + 3
    ]
    assert advisor_after
    assert min(s["received_kbps"] for s in advisor_after) > 40
    # The code is computed from the new connection's certificates, the same on both sides.
    assert advisor["security_code"] == customer["security_code"]
    assert_same_end(platform, advisor, customer, by="advisor")
