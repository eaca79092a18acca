"""The network test against a real platform on loopback, and STUN/TURN against a real coturn."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from advisor_app.hardware_check.network_check import NetworkTarget, check_network
from advisor_app.hardware_check.report import Verdict
from platform_server.testing import RunningPlatform


def _token(platform: RunningPlatform) -> str:
    return str(platform.login_advisor()["access_token"])


async def test_a_fast_link_passes_with_figures(platform: RunningPlatform) -> None:
    token = _token(platform)
    results = await check_network(NetworkTarget(platform.base_url, lambda: token), probes=3)
    by_key = {r.key: r for r in results}
    assert by_key["network"].verdict is Verdict.PASS
    assert by_key["network"].figures["loss_percent"] == 0.0
    speed = by_key["speed"]
    assert speed.verdict is Verdict.PASS
    assert isinstance(speed.figures["download_kbps"], int)
    assert speed.figures["download_kbps"] > 320
    assert speed.figures["upload_kbps"] > 320  # type: ignore[operator]
    assert by_key["stun"].verdict is Verdict.SKIPPED  # the demo platform names no ICE servers
    assert by_key["turn"].verdict is Verdict.SKIPPED


async def test_without_sign_in_only_the_link_is_tested(platform: RunningPlatform) -> None:
    results = await check_network(NetworkTarget(platform.base_url), probes=2)
    assert [r.verdict for r in results] == [Verdict.PASS] + [Verdict.SKIPPED] * 3
    assert "Sign in" in results[1].summary


async def test_an_unreachable_platform_fails_quickly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connections are refused
        started = time.monotonic()
        results = await check_network(NetworkTarget(f"http://127.0.0.1:{port}"), probes=2)
    assert results[0].verdict is Verdict.FAIL
    assert "did not answer" in results[0].summary
    assert time.monotonic() - started < 5


def test_the_endpoints_need_a_sign_in_and_are_bounded(platform: RunningPlatform) -> None:
    base = platform.base_url + "/api/v1/network-test"
    assert requests.get(f"{base}/download/10", timeout=5).status_code == 401
    auth = {"Authorization": f"Bearer {_token(platform)}"}
    blob = requests.get(f"{base}/download/1000", headers=auth, timeout=5)
    assert blob.status_code == 200
    assert len(blob.content) == 1000
    assert blob.headers["Content-Type"] == "application/octet-stream"
    for size in ("0", "2097153", "abc"):
        assert requests.get(f"{base}/download/{size}", headers=auth, timeout=5).status_code == 422
    sink = requests.post(f"{base}/upload", data=b"x" * 5000, headers=auth, timeout=5)
    assert sink.json()["received_bytes"] == 5000
    assert sink.json()["seconds"] >= 0
    too_big = requests.post(f"{base}/upload", data=b"x" * (2 * 1024 * 1024 + 1), headers=auth,
                            timeout=10)  # fmt: skip
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "invalid_request"


@pytest.fixture
def coturn() -> Iterator[int]:
    binary = shutil.which("turnserver")
    if binary is None:
        pytest.skip("coturn's turnserver is not installed (apt-get install coturn)")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [binary, "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
         f"--listening-port={port}", "--lt-cred-mech", "--user=u:p", "--realm=test", "--no-tls",
         "--no-dtls", "--no-cli", "--min-port=50200", "--max-port=50300"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=5)


@pytest.mark.turn
async def test_stun_and_turn_reachable_through_coturn(coturn: int, tmp_path: Path) -> None:
    with RunningPlatform(
        tmp_path / "p", ice_servers=[f"stun:127.0.0.1:{coturn}", f"turn:127.0.0.1:{coturn}"],
        turn_username="u", turn_password="p",
    ) as platform:  # fmt: skip
        token = _token(platform)
        results = await check_network(NetworkTarget(platform.base_url, lambda: token), probes=2)
    by_key = {r.key: r for r in results}
    assert by_key["stun"].verdict is Verdict.PASS, by_key["stun"]
    assert by_key["stun"].figures["loss_percent"] == 0.0
    assert by_key["turn"].verdict is Verdict.PASS, by_key["turn"]


@pytest.mark.turn
async def test_a_turn_relay_with_wrong_credentials_fails(coturn: int, tmp_path: Path) -> None:
    with RunningPlatform(
        tmp_path / "p", ice_servers=[f"turn:127.0.0.1:{coturn}"],
        turn_username="u", turn_password="wrong",
    ) as platform:  # fmt: skip
        token = _token(platform)
        results = await check_network(NetworkTarget(platform.base_url, lambda: token), probes=1)
    turn = {r.key: r for r in results}["turn"]
    assert turn.verdict is Verdict.FAIL
    assert "No relay" in turn.summary
