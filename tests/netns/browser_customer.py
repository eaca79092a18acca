"""The customer as a real browser on the platform's customer page, as a program of its own.

    ip netns exec NS python -m tests.netns.browser_customer --server URL --advisor ID
        --report FILE [--within S] [--browser chromium|firefox]

The browser (Chromium through Playwright, or Firefox through Marionette: `tests.browsers`) is
this program's child, so running the program inside a network namespace puts the browser there
too. It requests a live call, then records the page's test state twice a
second (wall-clock `at`) until the call ended with a billed record or `--within` passed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from tests.browsers import BROWSERS, open_customer_browser, wait_for_state
from tests.platform_server.page_helpers import page_state

_KEPT = (
    "callPhase",
    "connectionState",
    "framesDecoded",
    "audioBytesReceived",
    "videoPaused",
    "remoteCameraOff",
    "lastNotice",
    "statsSent",
    "billedSeconds",
    "generation",
    "reconnecting",
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--advisor", required=True)
    parser.add_argument("--report", required=True, type=Path)
    parser.add_argument("--within", type=float, default=180.0)
    parser.add_argument("--screenshot", type=Path)
    parser.add_argument("--browser", choices=BROWSERS, default="chromium")
    args = parser.parse_args(argv)
    timeline: list[dict[str, Any]] = []
    error: str | None = None
    with open_customer_browser(args.browser) as browser:
        page = browser.new_page()
        try:
            page.goto(f"{args.server}/c/?advisor={args.advisor}")
            wait_for_state(page, lambda s: s["phase"] != "loading" and s["socketOnline"], 30)
            page.fill("live-alias", "Clara")
            page.fill("live-age", "34")
            page.click("live-call")
            deadline = time.monotonic() + args.within
            shot_taken = False
            while time.monotonic() < deadline:
                state = page_state(page)
                timeline.append({"at": time.time(), **{k: state.get(k) for k in _KEPT}})
                if args.screenshot and not shot_taken and state.get("videoPaused"):
                    page.screenshot(args.screenshot)
                    shot_taken = True
                if state.get("callPhase") == "ended" and state.get("billedSeconds") is not None:
                    break
                page.wait_for_timeout(500)
            else:
                error = "the call did not end in time"
        except Exception as exc:  # reported, not raised: the test reads the report
            error = f"{type(exc).__name__}: {exc}"
        finally:
            page.close()
    args.report.write_text(json.dumps({"timeline": timeline, "error": error}), encoding="utf-8")
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
