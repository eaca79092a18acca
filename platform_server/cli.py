"""Command line of the reference platform: `python -m platform_server --port 0 --data DIR`.

The first stdout line is `PLATFORM READY {json}` so a parent process (tests, `advisor-app
platform`) can find the address; logs go to stderr and never carry tokens or passwords.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
from pathlib import Path

from platform_server.config import PlatformConfig
from platform_server.server import SEEDS, PlatformServer

READY_PREFIX = "PLATFORM READY "


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="platform_server", description="Reference advice platform (API, WebSocket, page)."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 = any free port)")
    parser.add_argument("--data", type=Path, required=True, help="directory for the database")
    parser.add_argument("--seed", choices=SEEDS, default=None, help="add demo data")
    parser.add_argument("--ring-timeout", type=_positive, default=60.0, metavar="S")
    parser.add_argument("--connecting-timeout", type=_positive, default=60.0, metavar="S")
    parser.add_argument("--access-ttl", type=_positive, default=900.0, metavar="S")
    parser.add_argument("--test-clock", action="store_true", help="enable POST /api/v1/test/clock")
    parser.add_argument("--ice-server", action="append", default=[], metavar="URL",
                        help="STUN/TURN URL handed to clients (repeatable)")  # fmt: skip
    parser.add_argument("--turn-username", default=None)
    parser.add_argument("--turn-password", default=None)
    return parser


def config_from_args(args: argparse.Namespace) -> PlatformConfig:
    return PlatformConfig(
        data_dir=args.data,
        host=args.host,
        port=args.port,
        seed=args.seed,
        ring_timeout=args.ring_timeout,
        connecting_timeout=args.connecting_timeout,
        access_ttl=int(args.access_ttl),
        test_clock=args.test_clock,
        ice_servers=tuple(args.ice_server),
        turn_username=args.turn_username,
        turn_password=args.turn_password,
    )


async def serve(config: PlatformConfig) -> None:
    """Run until SIGINT or SIGTERM, then shut down cleanly."""
    server = PlatformServer(config)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: no handlers
            loop.add_signal_handler(signum, stop.set)
    sys.stdout.write(READY_PREFIX + json.dumps(server.ready_info()) + "\n")
    sys.stdout.flush()
    try:
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        asyncio.run(serve(config_from_args(args)))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        logging.getLogger(__name__).error("cannot start the platform: %s", exc)
        return 1
    return 0
