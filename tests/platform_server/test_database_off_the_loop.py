"""A locked or full database: the request that needs it gets a 503 with a clear message, quickly,
and the rest of the server keeps answering (the database runs off the event loop).

Found by the security review (issue 14): SQLite ran on the event loop with a 5 s busy timeout, so
while another process held the lock even `/time` took 9.7 s and the write ended in a 500.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from platform_server.db import DB_FILE_NAME
from platform_server.testing import RunningPlatform
from tests.platform_server.platform_api import Api

# Holds the database's write lock until its stdin closes (another program: a backup, a shell).
_HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE accounts SET display_name = display_name")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.fixture
def lock_holder(platform: RunningPlatform) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(Path(platform.data_dir) / DB_FILE_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    yield holder
    assert holder.stdin is not None
    if not holder.stdin.closed:
        holder.stdin.close()
    holder.wait(timeout=10)
    holder.stdout.close()


class TimeProbe:
    """Asks `/api/v1/time` over and over on its own thread; records the slowest answer."""

    def __init__(self, base_url: str) -> None:
        self._url = base_url + "/api/v1/time"
        self._stop = threading.Event()
        self.slowest = 0.0
        self.answers = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TimeProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=15)

    def _run(self) -> None:
        with requests.Session() as session:
            while not self._stop.is_set():
                started = time.monotonic()
                response = session.get(self._url, timeout=15)
                assert response.status_code == 200
                self.slowest = max(self.slowest, time.monotonic() - started)
                self.answers += 1


def test_a_locked_database_answers_503_fast_and_time_stays_fast(
    platform: RunningPlatform, advisor: Api, lock_holder: subprocess.Popen[str]
) -> None:
    with TimeProbe(platform.base_url) as probe:
        started = time.monotonic()
        response = advisor.put("/api/v1/me/presence", {"presence": "online"})
        took = time.monotonic() - started
        # Reads go on beside the lock (WAL): the advisor's own account is still there.
        assert advisor.get("/api/v1/me").status_code == 200
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "database_busy"
    assert "busy" in error["message"]
    assert response.headers["Retry-After"].isdigit()
    assert took < 2.0, f"the 503 took {took:.2f} s"
    assert probe.answers >= 3
    assert probe.slowest < 0.5, f"/time took {probe.slowest:.2f} s while the database was locked"

    assert lock_holder.stdin is not None
    lock_holder.stdin.close()
    lock_holder.wait(timeout=10)
    advisor.ok("PUT", "/api/v1/me/presence", {"presence": "online"})


def test_many_writes_at_a_locked_database_do_not_queue_without_bound(
    platform: RunningPlatform, advisor: Api, lock_holder: subprocess.Popen[str]
) -> None:
    statuses: list[int] = []

    def write() -> None:
        response = advisor.put("/api/v1/me/presence", {"presence": "online"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=write) for _ in range(40)]
    with TimeProbe(platform.base_url) as probe:
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        took = time.monotonic() - started
    assert statuses == [503] * 40
    assert took < 10.0, f"40 writes took {took:.1f} s to be refused"
    assert probe.slowest < 0.5, f"/time took {probe.slowest:.2f} s beside 40 refused writes"


def test_a_full_database_answers_503_and_recovers(
    platform: RunningPlatform, anonymous: Api
) -> None:
    def fill_to_the_brim(conn: sqlite3.Connection) -> None:
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
        conn.execute(f"PRAGMA max_page_count = {int(pages)}")

    platform.in_database(fill_to_the_brim)
    # A new customer needs new rows (account, session, tokens) and, soon, a new page.
    refused = []
    for n in range(200):
        response = anonymous.post(
            "/api/v1/customers", {"email": f"voll-{n}@kunde.example", "password": "lang-genug-1"}
        )
        if response.status_code != 201:
            refused.append(response)
            break
    assert refused, "the database never filled up"
    assert refused[0].status_code == 503, refused[0].text
    assert refused[0].json()["error"]["code"] == "storage_full"
    assert anonymous.get("/api/v1/time").status_code == 200

    platform.in_database(lambda conn: conn.execute("PRAGMA max_page_count = 1073741823"))
    body = {"email": "wieder-da@kunde.example", "password": "lang-genug-1"}
    assert anonymous.post("/api/v1/customers", body).status_code == 201


def test_service_code_called_off_the_database_thread_is_refused(platform: RunningPlatform) -> None:
    """The rule that keeps the loop free is enforced: a service called straight from another
    thread (as a handler on the event loop would) gets an error, not a silent freeze later."""
    services = platform.services
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        services.accounts.advisors()
    assert platform.in_database(lambda conn: len(services.accounts.advisors())) >= 1
