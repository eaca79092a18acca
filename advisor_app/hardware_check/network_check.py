"""The network test against the platform: round-trip time and loss, download and upload speed
compared with the 320 kbit/s a call needs, and whether the STUN and TURN servers answer.

Speed uses the platform's network-test endpoints (docs/platform-api.md, "Network test"); the
round trip uses `GET /api/v1/time`; STUN is probed with binding requests over UDP (what a call's
ICE does first) and TURN with one allocation. Every probe has a timeout, so a dead network makes
the test fail within seconds rather than hang. Traffic goes to the platform and its ICE servers
only. Blocking HTTP runs in worker threads, never on the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from aioice import stun
from aioice.turn import create_turn_endpoint
from aiortc.rtcicetransport import parse_stun_turn_uri

from advisor_app.domain.texts import N_
from advisor_app.hardware_check.report import CheckResult, Verdict

REQUIRED_KBPS = 320.0  # the platform's rule: good quality needs 320 kbit/s each way
COMFORTABLE_KBPS = 1.5 * REQUIRED_KBPS
SLOW_RTT_MS = 400.0
PROBE_TIMEOUT_S = 2.0
TRANSFER_TIMEOUT_S = 20.0

Figures = dict[str, str | int | float | bool | None]


@dataclass(frozen=True, slots=True)
class NetworkTarget:
    """The platform to test against; ``access_token`` is None when nobody is signed in."""

    base_url: str
    access_token: Callable[[], str] | None = None
    ca_bundle: str | None = None


class _Http:
    def __init__(self, target: NetworkTarget) -> None:
        self.target = target
        self.session = requests.Session()
        self.session.verify = target.ca_bundle or True  # never off
        self.session.trust_env = False

    def url(self, path: str) -> str:
        return f"{self.target.base_url.rstrip('/')}/api/v1{path}"

    def auth(self) -> dict[str, str]:
        token = self.target.access_token() if self.target.access_token else ""
        return {"Authorization": f"Bearer {token}"}


async def check_network(
    target: NetworkTarget,
    *,
    probes: int = 10,
    download_bytes: int = 512 * 1024,
    upload_bytes: int = 256 * 1024,
) -> list[CheckResult]:
    """All network checks in order: link (RTT, loss), speed, STUN, TURN."""
    http = _Http(target)
    try:
        link = await asyncio.to_thread(_round_trips, http, probes)
        if link.verdict is Verdict.FAIL or target.access_token is None:
            skipped = N_(
                "HardwareCheck",
                "Sign in, then test again, to measure the speed and the call servers.",
            )
            if link.verdict is Verdict.FAIL:
                skipped = N_("HardwareCheck", "The platform cannot be reached.")
            return [link, *(_skipped(key, title, skipped) for key, title in _LATER)]
        speed = await asyncio.to_thread(_throughput, http, download_bytes, upload_bytes)
        servers = await asyncio.to_thread(_ice_servers, http)
    finally:
        http.session.close()
    return [link, speed, await _check_stun(servers), await _check_turn(servers)]


_LATER = (
    ("speed", N_("HardwareCheck", "Speed")),
    ("stun", N_("HardwareCheck", "STUN server")),
    ("turn", N_("HardwareCheck", "TURN relay")),
)


def _skipped(key: str, title: str, why: str) -> CheckResult:
    return CheckResult(key, title, Verdict.SKIPPED, why)


def _round_trips(http: _Http, probes: int) -> CheckResult:
    times: list[float] = []
    for _ in range(probes):
        started = time.perf_counter()
        with contextlib.suppress(requests.RequestException):
            response = http.session.get(http.url("/time"), timeout=PROBE_TIMEOUT_S)
            response.close()
            if response.ok:
                times.append((time.perf_counter() - started) * 1000)
    loss = 100.0 * (probes - len(times)) / probes
    figures: Figures = {"server": http.target.base_url, "probes": probes, "loss_percent": loss}
    if not times:
        return CheckResult(
            "network",
            N_("HardwareCheck", "Platform connection"),
            Verdict.FAIL,
            N_("HardwareCheck", "The platform did not answer."),
            (
                N_(
                    "HardwareCheck",
                    "Check the internet connection and the platform address; a company firewall or "
                    "proxy may block it.",
                ),
            ),
            figures,
        )
    rtt = statistics.median(times)
    figures["rtt_ms"] = round(rtt, 1)
    advice = []
    if loss > 0:
        advice.append(
            N_("HardwareCheck", "Some requests were lost: a cable instead of Wi-Fi usually helps.")
        )
    if rtt > SLOW_RTT_MS:
        advice.append(
            N_("HardwareCheck", "The connection reacts slowly: conversations will have delays.")
        )
    verdict = Verdict.WARN if advice else Verdict.PASS
    summary = N_("HardwareCheck", "Round trip {rtt} ms, {loss} % lost").format(
        rtt=f"{rtt:.0f}", loss=f"{loss:.0f}"
    )
    return CheckResult(
        "network",
        N_("HardwareCheck", "Platform connection"),
        verdict,
        summary,
        tuple(advice),
        figures,
    )


def _throughput(http: _Http, download_bytes: int, upload_bytes: int) -> CheckResult:
    figures: Figures = {"required_kbps": REQUIRED_KBPS}
    try:
        started = time.perf_counter()
        with http.session.get(
            http.url(f"/network-test/download/{download_bytes}"),
            headers=http.auth(),
            timeout=TRANSFER_TIMEOUT_S,
            stream=True,
        ) as response:
            response.raise_for_status()
            received = sum(len(chunk) for chunk in response.iter_content(64 * 1024))
        down = received * 8 / 1000 / (time.perf_counter() - started)
        body = os.urandom(upload_bytes)
        started = time.perf_counter()
        with http.session.post(
            http.url("/network-test/upload"),
            data=body,
            timeout=TRANSFER_TIMEOUT_S,
            headers={**http.auth(), "Content-Type": "application/octet-stream"},
        ) as response:
            response.raise_for_status()
            sent = int(response.json()["received_bytes"])
        up = sent * 8 / 1000 / (time.perf_counter() - started)
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        return CheckResult(
            "speed",
            N_("HardwareCheck", "Speed"),
            Verdict.FAIL,
            N_("HardwareCheck", "The speed test did not finish ({error}).").format(
                error=type(exc).__name__
            ),
            (
                N_(
                    "HardwareCheck",
                    "The connection is too slow or breaks off: calls will not work reliably.",
                ),
            ),
            figures,
        )
    figures |= {"download_kbps": round(down), "upload_kbps": round(up)}
    slowest = min(down, up)
    summary = N_(
        "HardwareCheck", "Download {down}, upload {up} (a call needs {needed} kbit/s)"
    ).format(down=_rate(down), up=_rate(up), needed=f"{REQUIRED_KBPS:.0f}")
    if slowest < REQUIRED_KBPS:
        advice = (
            N_(
                "HardwareCheck",
                "Too slow for video calls: close downloads and streaming, move closer to the "
                "Wi-Fi router or use a cable.",
            ),
        )
        return CheckResult(
            "speed", N_("HardwareCheck", "Speed"), Verdict.FAIL, summary, advice, figures
        )
    if slowest < COMFORTABLE_KBPS:
        advice = (
            N_(
                "HardwareCheck", "Just enough: video may switch off when others use the connection."
            ),
        )
        return CheckResult(
            "speed", N_("HardwareCheck", "Speed"), Verdict.WARN, summary, advice, figures
        )
    return CheckResult("speed", N_("HardwareCheck", "Speed"), Verdict.PASS, summary, (), figures)


def _rate(kbps: float) -> str:
    return f"{kbps / 1000:.1f} Mbit/s" if kbps >= 1000 else f"{kbps:.0f} kbit/s"


def _ice_servers(http: _Http) -> list[dict[str, Any]]:
    try:
        with http.session.get(
            http.url("/ice-servers"), headers=http.auth(), timeout=PROBE_TIMEOUT_S
        ) as response:
            response.raise_for_status()
            servers = response.json().get("ice_servers", [])
    except (requests.RequestException, ValueError, AttributeError):
        return []
    return [s for s in servers if isinstance(s, dict) and isinstance(s.get("urls"), list)]


def _urls(
    servers: list[dict[str, Any]], scheme: str
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    found = []
    for server in servers:
        for url in server["urls"]:
            with contextlib.suppress(ValueError, TypeError):
                parsed = parse_stun_turn_uri(url)
                if parsed["scheme"] == scheme and parsed.get("transport", "udp") == "udp":
                    found.append((server, parsed))
    return found


class _StunClient(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.answers: dict[bytes, asyncio.Future[None]] = {}

    def datagram_received(self, data: bytes, _addr: Any) -> None:
        with contextlib.suppress(ValueError):
            message = stun.parse_message(data)
            waiter = self.answers.get(message.transaction_id)
            if waiter is not None and not waiter.done():
                waiter.set_result(None)


async def _check_stun(servers: list[dict[str, Any]], probes: int = 5) -> CheckResult:
    stuns = _urls(servers, "stun")
    if not stuns:
        return _skipped(
            "stun",
            N_("HardwareCheck", "STUN server"),
            N_("HardwareCheck", "The platform names no STUN server."),
        )
    _server, parsed = stuns[0]
    host, port = parsed["host"], int(parsed["port"])
    loop = asyncio.get_running_loop()
    times: list[float] = []
    try:
        transport, client = await loop.create_datagram_endpoint(
            _StunClient, remote_addr=(host, port)
        )
    except OSError as exc:
        return CheckResult(
            "stun",
            N_("HardwareCheck", "STUN server"),
            Verdict.FAIL,
            N_("HardwareCheck", "Cannot reach {host}: {error}.").format(host=host, error=exc),
        )
    try:
        for _ in range(probes):
            request = stun.Message(stun.Method.BINDING, stun.Class.REQUEST)
            waiter = client.answers[request.transaction_id] = loop.create_future()
            started = time.perf_counter()
            transport.sendto(bytes(request))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiter, 1.0)
                times.append((time.perf_counter() - started) * 1000)
    finally:
        transport.close()
    figures: Figures = {
        "server": f"{host}:{port}",
        "probes": probes,
        "loss_percent": 100.0 * (probes - len(times)) / probes,
    }
    if not times:
        return CheckResult(
            "stun",
            N_("HardwareCheck", "STUN server"),
            Verdict.FAIL,
            N_("HardwareCheck", "{host} did not answer over UDP.").format(host=host),
            (
                N_(
                    "HardwareCheck",
                    "UDP seems blocked here (a strict firewall): calls will need the TURN relay.",
                ),
            ),
            figures,
        )
    figures["rtt_ms"] = round(statistics.median(times), 1)
    verdict = Verdict.PASS if len(times) == probes else Verdict.WARN
    summary = N_("HardwareCheck", "{host} answers over UDP in {rtt} ms").format(
        host=host, rtt=f"{figures['rtt_ms']:.0f}"
    )
    return CheckResult("stun", N_("HardwareCheck", "STUN server"), verdict, summary, (), figures)


async def _check_turn(servers: list[dict[str, Any]]) -> CheckResult:
    turns = _urls(servers, "turn")
    if not turns:
        return _skipped(
            "turn",
            N_("HardwareCheck", "TURN relay"),
            N_("HardwareCheck", "The platform names no TURN relay."),
        )
    server, parsed = turns[0]
    host, port = parsed["host"], int(parsed["port"])
    figures: Figures = {"server": f"{host}:{port}"}
    started = time.perf_counter()
    try:
        transport, _protocol = await asyncio.wait_for(
            create_turn_endpoint(
                asyncio.DatagramProtocol,
                server_addr=(host, port),
                username=server.get("username"),
                password=server.get("credential"),
                lifetime=60,
            ),
            5.0,
        )
    except (TimeoutError, OSError, ConnectionError, stun.TransactionError) as exc:
        return CheckResult(
            "turn",
            N_("HardwareCheck", "TURN relay"),
            Verdict.FAIL,
            N_("HardwareCheck", "No relay could be set up at {host} ({error}).").format(
                host=host, error=type(exc).__name__
            ),
            (
                N_(
                    "HardwareCheck",
                    "Calls behind strict firewalls may fail. Tell support this result.",
                ),
            ),
            figures,
        )
    figures["allocation_ms"] = round((time.perf_counter() - started) * 1000, 1)
    transport.close()
    return CheckResult(
        "turn",
        N_("HardwareCheck", "TURN relay"),
        Verdict.PASS,
        N_("HardwareCheck", "{host} relays calls.").format(host=host),
        (),
        figures,
    )
