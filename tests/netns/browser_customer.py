"""The customer as a real Chromium on the platform's customer page, as a program of its own.

    ip netns exec NS python -m tests.netns.browser_customer --server URL --advisor ID
        --report FILE [--within S]

Playwright starts Chromium as its own child, so running this program inside a network namespace
puts the browser there too. It requests a live call, then records the page's test state twice a
second (wall-clock `at`) until the call ended with a billed record or `--within` passed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from tests.platform_server.page_helpers import launch_chromium, page_state, wait_for_state

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
    args = parser.parse_args(argv)
    timeline: list[dict[str, Any]] = []
    error: str | None = None
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.goto(f"{args.server}/c/?advisor={args.advisor}")
            wait_for_state(page, lambda s: s["phase"] != "loading" and s["socketOnline"], 30)
            page.get_by_test_id("live-alias").fill("Clara")
            page.get_by_test_id("live-age").fill("34")
            page.get_by_test_id("live-call").click()
            deadline = time.monotonic() + args.within
            shot_taken = False
            while time.monotonic() < deadline:
                state = page_state(page)
                timeline.append({"at": time.time(), **{k: state.get(k) for k in _KEPT}})
                if args.screenshot and not shot_taken and state.get("videoPaused"):
                    page.screenshot(path=str(args.screenshot))
                    shot_taken = True
                if state.get("callPhase") == "ended" and state.get("billedSeconds") is not None:
                    break
                page.wait_for_timeout(500)
            else:
                error = "the call did not end in time"
        except Exception as exc:  # reported, not raised: the test reads the report
            error = f"{type(exc).__name__}: {exc}"
        finally:
            browser.close()
    args.report.write_text(json.dumps({"timeline": timeline, "error": error}), encoding="utf-8")
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
