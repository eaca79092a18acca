"""`advisor-app`: the one place that wires the app together.

advisor-app [--server URL] [--ca-bundle FILE]     the desktop app (no server: the embedded demo)
advisor-app platform --port P --data DIR [...]    the reference platform on its own
advisor-app headless --server URL ...             a call with no window, for support and automation
advisor-app customer-bot --server URL [...]       the simulated customer (used by the demo)
advisor-app self-test                             checks this installation (frozen or not)
advisor-app check-hardware [--server URL] [--json] the hardware and network test, no window
advisor-app devices                               cameras and sound devices with their identities
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from advisor_app.credentials import CredentialStore
from advisor_app.desk_listener import DeskListener
from advisor_app.domain.models import Account
from advisor_app.embedded_platform import DemoPlatform, EmbeddedPlatform, EmbeddedPlatformError
from advisor_app.engine import Engine
from advisor_app.logging_setup import configure_logging
from advisor_app.media_choice import call_media, ring_output
from advisor_app.session import AdvisorSession
from advisor_app.settings import Settings

log = logging.getLogger("advisor_app")

SUBCOMMANDS = ("platform", "headless", "customer-bot", "self-test", "check-hardware", "devices")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return _subcommand(args[0])(args[1:])
    return _run_desktop_app(args)


def _subcommand(name: str) -> Callable[[list[str]], int]:
    if name == "platform":
        from platform_server.cli import main as platform_main

        return platform_main
    if name == "headless":
        from advisor_app.headless import main as headless_main

        return headless_main
    if name == "self-test":
        from advisor_app.self_test import main as self_test_main
        from ui.self_test_checks import GUI_CHECKS

        return lambda argv: self_test_main(argv, gui_checks=GUI_CHECKS)
    if name == "check-hardware":
        from advisor_app.hardware_cli import main as hardware_main

        return hardware_main
    if name == "devices":
        from advisor_app.devices_cli import main as devices_main

        return devices_main
    from platform_server.customer_bot import main as bot_main

    return bot_main


def _parse_desktop_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="advisor-app",
        description="The advisor's desktop app. With no server configured it starts a local demo "
        "platform with demo data and a simulated customer.",
        epilog="Other commands: " + ", ".join(SUBCOMMANDS) + " (each has --help).",
    )
    parser.add_argument("--server", metavar="URL", help="the platform's address (https://…)")
    parser.add_argument(
        "--ca-bundle", metavar="FILE", help="a custom CA bundle for the platform's TLS"
    )
    parser.add_argument(
        "--no-customer-bot", action="store_true", help="demo without the simulated customer"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    return parser.parse_args(argv)


def _run_desktop_app(argv: list[str]) -> int:
    args = _parse_desktop_args(argv)
    log_file = configure_logging(verbose=args.verbose, to_file=True)
    if log_file is not None:
        log.info("log file: %s", log_file)
    settings = Settings.load()
    server_url = args.server or settings.server_url
    demo: EmbeddedPlatform | None = None
    demo_info: DemoPlatform | None = None
    if not server_url:
        demo = EmbeddedPlatform(with_customer_bot=not args.no_customer_bot)
        try:
            demo_info = demo.start()
        except EmbeddedPlatformError as exc:
            log.error("%s", exc)
            print(f"advisor-app: {exc}", file=sys.stderr)
            return 2
        server_url = demo_info.base_url
    engine = Engine()
    engine.start()
    try:
        return _run_gui(args, settings, server_url, demo_info, engine)
    finally:
        engine.stop()
        if demo is not None:
            demo.stop()


def _run_gui(
    args: argparse.Namespace,
    settings: Settings,
    server_url: str,
    demo: DemoPlatform | None,
    engine: Engine,
) -> int:
    from advisor_app.desk import AdvisorDesk
    from advisor_app.platform_gateway import PlatformGateway
    from media.device_watch import DeviceWatcher
    from media.ringer import Ringer
    from network.api_client import PlatformClient
    from ui.application import GuiOptions, run_gui
    from ui.call.windows import CallWindows

    client = PlatformClient(server_url, ca_bundle=args.ca_bundle or settings.ca_bundle or None)
    session = AdvisorSession(client, CredentialStore(), server_url)
    platform = PlatformGateway(session, client)
    desks: list[AdvisorDesk] = []

    def make_desk(listener: DeskListener) -> AdvisorDesk:
        desks.append(AdvisorDesk(session, platform, listener))
        return desks[-1]

    def remember(account: Account) -> None:
        if demo is None and (settings.last_email, settings.server_url) != (
            account.email,
            server_url,
        ):
            settings.last_email, settings.server_url = account.email, server_url
            # Re-read first: the settings dialog may have saved device choices since start-up.
            fresh = Settings.load()
            fresh.last_email, fresh.server_url = account.email, server_url
            try:
                fresh.save()
            except OSError as exc:  # a full or read-only disk: the app goes on, unremembered
                log.warning("could not save the settings: %s", exc)

    windows = CallWindows(
        engine, platform, desk=lambda: desks[-1], media=lambda: call_media(demo is not None)
    )
    ringer = Ringer(device=ring_output(settings), volume=settings.ring_volume)
    options = GuiOptions(
        server_url="" if demo else server_url,
        platform=platform,
        customer_url=demo.customer_url if demo else None,
        demo_email=demo.advisor_email if demo else None,
        demo_password=demo.advisor_password if demo else None,
        remembered_email=settings.last_email or None if demo is None else None,
        on_signed_in=remember,
        take_call=windows.take_live,
        on_call_booking=windows.call_booked,
        ringer=ringer,
        # While the ring plays, PortAudio's list must not be re-read (it would cut the ring).
        device_watch=DeviceWatcher(busy=lambda: ringer.ringing),
    )
    try:
        return run_gui([sys.argv[0]], engine, make_desk, options)
    finally:
        ringer.close()  # after the GUI closed: its thread outlives the Qt objects


if __name__ == "__main__":
    sys.exit(main())
