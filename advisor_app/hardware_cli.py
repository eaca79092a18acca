"""`advisor-app check-hardware`: the hardware and network test with no window.

For support staff on a remote shell and for CI: prints the report as text (or JSON with
``--json``) and exits 1 when a check failed, 0 otherwise (2 for a usage error).

Devices default to the ones chosen in the settings. The speed and ICE tests need a signed-in
advisor: ``--email`` with the password from ``ADVISOR_APP_PASSWORD`` (or ``--password``), or
else the sign-in the desktop app remembered in the keychain.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable, Sequence

from advisor_app.credentials import CredentialStore
from advisor_app.hardware_check.network_check import NetworkTarget
from advisor_app.hardware_check.runner import HardwarePlan, run_hardware_check
from advisor_app.media_choice import choose_devices
from advisor_app.session import AdvisorSession
from advisor_app.settings import Settings
from network.api_client import PlatformClient
from network.errors import PlatformError

log = logging.getLogger(__name__)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="advisor-app check-hardware",
        description="Test camera, microphone, speaker and the connection to the platform. "
        "Exits 1 when a check fails.",
    )
    parser.add_argument("--server", metavar="URL", help="the platform (default: from settings)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--camera", metavar="SPEC", help="e.g. v4l2:/dev/video0, lavfi:testsrc2")
    parser.add_argument("--microphone", metavar="SPEC", help="a sound device name or index")
    parser.add_argument("--speaker", metavar="SPEC", help="a sound device name or index")
    parser.add_argument("--email", help="sign in as this advisor for the speed test")
    parser.add_argument("--password", help="default: $ADVISOR_APP_PASSWORD")
    parser.add_argument("--ca-bundle", metavar="FILE", help="a custom CA bundle for TLS")
    parser.add_argument("--no-echo-test", action="store_true", help="skip record-and-play-back")
    parser.add_argument("--no-network", action="store_true", help="skip the network test")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.load()
    chosen = choose_devices(settings)
    for notice in chosen.notices:
        print(f"note: {notice}", file=sys.stderr)
    server = args.server or settings.server_url
    client: PlatformClient | None = None
    target: NetworkTarget | None = None
    if server and not args.no_network:
        try:
            client = PlatformClient(server, ca_bundle=args.ca_bundle or settings.ca_bundle or None)
        except ValueError as exc:
            print(f"advisor-app check-hardware: {exc}", file=sys.stderr)
            return 2
        token = _sign_in(client, server, args, settings)
        target = NetworkTarget(client.base_url, token, client.ca_bundle)
    plan = HardwarePlan(
        camera=args.camera or chosen.camera,
        microphone=args.microphone or chosen.microphone,
        speaker=args.speaker or chosen.speaker,
        network=target,
        echo_test=not args.no_echo_test,
    )
    try:
        report = asyncio.run(run_hardware_check(plan, _progress(quiet=args.json)))
    finally:
        if client is not None:
            client.close()
    print(report.to_json_text() if args.json else report.to_text(), end="\n" if args.json else "")
    return 1 if report.failed else 0


def _progress(*, quiet: bool) -> Callable[[str], None]:
    def say(step: str) -> None:
        if not quiet:
            print(step, file=sys.stderr, flush=True)

    return say


def _sign_in(
    client: PlatformClient, server: str, args: argparse.Namespace, settings: Settings
) -> Callable[[], str] | None:
    """The access token provider, or None (the speed test is then skipped)."""
    session = AdvisorSession(client, CredentialStore(), server)
    password = args.password or os.environ.get("ADVISOR_APP_PASSWORD", "")
    try:
        if args.email and password:
            session.sign_in(args.email, password, remember=False)
        elif not settings.last_email or session.restore(settings.last_email) is None:
            return None
    except PlatformError as exc:
        print(f"note: not signed in ({exc}); the speed test is skipped", file=sys.stderr)
        return None
    return session.access_token
