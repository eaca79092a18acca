"""`python -m platform_server` prints its READY line first, serves, and stops on SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from platform_server.cli import READY_PREFIX


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
def test_cli_prints_ready_serves_and_terminates(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "platform_server", "--port", "0", "--data", str(tmp_path / "data"),
         "--seed", "demo", "--ring-timeout", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(READY_PREFIX), line
        info = json.loads(line[len(READY_PREFIX) :])
        assert info["customer_url"] == info["base_url"] + "/c/"
        assert info["email"] == "demo@advisor.example"
        assert info["advisor_id"].startswith("acc_")
        time = requests.get(info["base_url"] + "/api/v1/time", timeout=5).json()
        assert time["server_time"].endswith("Z")
        login = {"email": info["email"], "password": info["password"]}
        tokens = requests.post(info["base_url"] + "/api/v1/auth/login", json=login, timeout=10)
        assert tokens.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        _, stderr = process.communicate(timeout=5)
        assert info["password"] not in stderr
        assert tokens.json()["access_token"] not in stderr
        assert (tmp_path / "data" / "platform.sqlite3").exists()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow  # real peers or a subprocess: the full run, not --fast
def test_cli_rejects_bad_options(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "platform_server", "--port", "0", "--data", str(tmp_path),
         "--seed", "nonsense"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "seed" in result.stderr
