"""The customer as Debian's Firefox ESR, driven over its built-in Marionette (`marionette_driver`).

Started headless with a fresh profile whose `user.js` gives it fake camera and microphone
(`media.navigator.streams.fake`) and either allows both without asking (`permissions.default.*`),
or, with `hide_addresses`, skips the permission entirely (`media.navigator.permission.disabled`):
the page then holds no permission and Firefox hides its host addresses behind mDNS names.

Marionette has no console events: Firefox prints the content console and uncaught page errors
to its stdout (`devtools.console.stdout.content`), which is read here line by line. Marionette
drives one tab at a time; each page is a tab of its own (the browser switches as needed).
Berlin time comes from the process's TZ; the page formats its dates in German itself.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tests.browsers import EXECUTABLES, BrowserName, ConsoleLine

with warnings.catch_warnings():
    # What marionette_driver imports (mozinfo, mozdevice) still uses deprecated stdlib parts.
    warnings.simplefilter("ignore", DeprecationWarning)
    from marionette_driver.by import By
    from marionette_driver.marionette import Marionette

STARTUP_LIMIT_S = 60.0
SCRIPT_LIMIT_S = 90.0  # the longest page script of a test (a reconnect give-up) takes ~20 s
ACTION_LIMIT_S = 10.0  # how long a click waits for its element to become visible and enabled

_PREFS: dict[str, Any] = {
    "marionette.port": 0,  # any free port; Firefox writes it to MarionetteActivePort
    "media.navigator.streams.fake": True,
    "media.autoplay.default": 0,  # the call's audio and video play without a click first
    "media.autoplay.blocking_policy": 0,
    "devtools.console.stdout.content": True,
    "devtools.console.stdout.chrome": False,  # the browser's own complaints are not the page's
    "intl.accept_languages": "de-DE, de",
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.normandy.enabled": False,
    # No network here: the browser's own sync would log errors into the console (Mozilla's
    # test profiles use the same dummy).
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "browser.backup.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "messaging-system.log": "off",
    "dom.min_background_timeout_value": 4,  # a second tab does not slow the first one's timers
}
_ALLOWED = {"permissions.default.camera": 1, "permissions.default.microphone": 1}
_NO_PERMISSION = {"media.navigator.permission.disabled": True}

_CONSOLE = re.compile(r"^console\.(\w+): (.*)$")
_PAGE_ERROR = re.compile(r"^JavaScript error: (.*)$")
_KINDS = {"warn": "warning"}
_BROWSER_CODE = ("resource:", "chrome:", "moz-")
_BY_TESTID = """(testid) => document.querySelector(`[data-testid="${CSS.escape(testid)}"]`)"""


class ConsoleReader:
    """Collects the console lines Firefox prints, on a thread of its own."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[ConsoleLine] = []
        self._stream = stream
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        continues = False  # whether indented lines continue a page's message
        for raw in stream:
            line = raw.rstrip("\n")
            with self._lock:
                if match := _CONSOLE.match(line):
                    kind = _KINDS.get(match.group(1), match.group(1))
                    self.lines.append(ConsoleLine(kind, match.group(2)))
                    continues = True
                elif match := _PAGE_ERROR.match(line):
                    # Errors of the browser's own code (resource://, chrome://) are not the page's.
                    continues = not match.group(1).startswith(_BROWSER_CODE)
                    if continues:
                        self.lines.append(ConsoleLine("pageerror", match.group(1)))
                elif continues and line.startswith((" ", "\t")):
                    last = self.lines[-1]
                    self.lines[-1] = ConsoleLine(last.kind, f"{last.text}\n{line.strip()}")
                else:
                    continues = False

    def close(self) -> None:
        """After Firefox exited: the last lines are read, the pipe is closed."""
        self._thread.join(timeout=5)
        self._stream.close()

    def since(self, start: int) -> list[ConsoleLine]:
        with self._lock:
            return self.lines[start:]

    def count(self) -> int:
        with self._lock:
            return len(self.lines)


class FirefoxPage:
    def __init__(self, firefox: Firefox, handle: str, console_start: int) -> None:
        self._firefox = firefox
        self._handle = handle
        self._console_start = console_start

    @property
    def _client(self) -> Marionette:
        return self._firefox.use(self._handle)

    def goto(self, url: str) -> None:
        self._client.navigate(url)

    def evaluate(self, function: str, *args: Any) -> Any:
        # sandbox=None: in the page's own scope, so the page's globals are there.
        return self._client.execute_script(
            f"return ({function})(...arguments);",
            script_args=list(args),
            sandbox=None,
            new_sandbox=False,
            script_timeout=SCRIPT_LIMIT_S * 1000,
        )

    def wait_for_timeout(self, ms: float) -> None:
        time.sleep(ms / 1000)

    def click(self, testid: str) -> None:
        deadline = time.monotonic() + ACTION_LIMIT_S
        while not self.evaluate(
            f"(testid) => {{ const el = ({_BY_TESTID})(testid);"
            " return !!el && !el.disabled && el.getClientRects().length > 0; }",
            testid,
        ):
            if time.monotonic() > deadline:
                raise AssertionError(f"{testid} never became visible and enabled")
            time.sleep(0.05)
        self._client.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]').click()

    def fill(self, testid: str, text: str) -> None:
        element = self._client.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')
        if element.get_property("type") in {"date", "time", "datetime-local", "month", "week"}:
            # Typing into Firefox's date fields goes segment by segment; set the value instead,
            # as Playwright's fill does, with the events a person's input would send.
            self.evaluate(
                f"(testid, value) => {{ const el = ({_BY_TESTID})(testid); el.value = value;"
                " el.dispatchEvent(new Event('input', { bubbles: true }));"
                " el.dispatchEvent(new Event('change', { bubbles: true })); }",
                testid,
                text,
            )
            return
        element.clear()
        element.send_keys(text)

    def text(self, testid: str) -> str:
        found = self.evaluate(
            f"(testid) => {{ const el = ({_BY_TESTID})(testid); return el && el.textContent; }}",
            testid,
        )
        return str(found or "")

    def attribute(self, testid: str, name: str) -> str | None:
        found = self.evaluate(
            f"(testid, name) => {{ const el = ({_BY_TESTID})(testid);"
            " return el ? el.getAttribute(name) : null; }",
            testid,
            name,
        )
        return None if found is None else str(found)

    def enabled(self, testid: str) -> bool:
        return bool(
            self.evaluate(
                f"(testid) => {{ const el = ({_BY_TESTID})(testid);"
                " return !!el && !el.disabled; }",
                testid,
            )
        )

    def screenshot(self, path: str | Path) -> None:
        png = self._client.screenshot(format="base64", full=False)
        Path(path).write_bytes(base64.b64decode(png))

    def console(self) -> list[ConsoleLine]:
        return self._firefox.console.since(self._console_start)

    def close(self) -> None:
        self._firefox.close_tab(self._handle)


class Firefox:
    name: BrowserName = "firefox"

    def __init__(self, client: Marionette, console: ConsoleReader, hides_addresses: bool) -> None:
        self.client = client
        self.console = console
        self.hides_addresses = hides_addresses
        self._home = client.current_window_handle
        self._current = self._home

    def use(self, handle: str) -> Marionette:
        """The Marionette client, switched to the tab `handle`."""
        if self._current != handle:
            self.client.switch_to_window(handle)
            self._current = handle
        return self.client

    def new_page(self, *, width: int = 1280, height: int = 860) -> FirefoxPage:
        start = self.console.count()
        handle = str(self.client.open(type="tab", focus=True)["handle"])
        self.use(handle)
        with contextlib.suppress(Exception):  # headless windows may refuse a size
            self.client.set_window_rect(width=width, height=height)
        return FirefoxPage(self, handle, start)

    def close_tab(self, handle: str) -> None:
        self.use(handle)
        self.client.close()
        self._current = ""
        self.use(self._home)


@contextmanager
def open_firefox(*, hide_addresses: bool = False) -> Iterator[Firefox]:
    profile = Path(tempfile.mkdtemp(prefix="customer-firefox-"))
    prefs = {**_PREFS, **(_NO_PERMISSION if hide_addresses else _ALLOWED)}
    (profile / "user.js").write_text(
        "".join(f'user_pref("{key}", {json.dumps(value)});\n' for key, value in prefs.items()),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [EXECUTABLES["firefox"], "-headless", "-no-remote", "-profile", profile, "-marionette"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TZ": "Europe/Berlin", "MOZ_CRASHREPORTER_DISABLE": "1"},
        start_new_session=True,  # its content processes go with it
    )
    assert process.stdout is not None
    console = ConsoleReader(process.stdout)
    client: Marionette | None = None
    try:
        client = Marionette(host="127.0.0.1", port=_marionette_port(profile, process))
        client.start_session()
        yield Firefox(client, console, hide_addresses)
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.delete_session()
        _stop(process)
        console.close()
        shutil.rmtree(profile, ignore_errors=True)


def _marionette_port(profile: Path, process: subprocess.Popen[str]) -> int:
    port_file = profile / "MarionetteActivePort"
    deadline = time.monotonic() + STARTUP_LIMIT_S
    while not port_file.exists() or not port_file.read_text(encoding="utf-8").strip():
        if process.poll() is not None:
            raise RuntimeError(f"Firefox exited at start ({process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError("Firefox did not open Marionette in time")
        time.sleep(0.05)
    return int(port_file.read_text(encoding="utf-8"))


def _stop(process: subprocess.Popen[str]) -> None:
    """Ends Firefox and its content processes (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
