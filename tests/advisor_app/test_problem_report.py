"""The problem report for support: what is in the zip, and that no secret or address is."""

from __future__ import annotations

import json
import logging
import zipfile
from datetime import datetime
from pathlib import Path

from advisor_app.hardware_check.report import CheckResult, HardwareReport, Verdict
from advisor_app.logging_setup import SecretFilter
from advisor_app.problem_report import scrub, settings_for_support, write_problem_report
from advisor_app.settings import Settings

PASSWORD = "s3cret-Pass!"
ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY2NfMSJ9.c2lnbmF0dXJlLXZhbHVl"
REFRESH = "rt_9f8e7d6c5b4a"


def _log_with_slips(folder: Path) -> None:
    """A real log file written through the app's filter, with what must never leave the PC
    slipping into messages the way a careless log line would put it there; an older file from
    before the filter masked everything (the report scrubs it again)."""
    folder.mkdir(parents=True)
    handler = logging.FileHandler(folder / "advisor-app.log", encoding="utf-8")
    handler.addFilter(SecretFilter())
    logger = logging.getLogger("problem-report-test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        logger.info("signed in as acc_1")
        logger.info("POST /auth with password=%s", PASSWORD)
        logger.info("Authorization: Bearer %s", ACCESS_TOKEN)
        logger.info("token body {'refresh_token': '%s'}", REFRESH)
        logger.info("an unexpected reply quoted %s", ACCESS_TOKEN)  # no keyword before it
        logger.info("remembered anna.berger@example.com")
        logger.warning("ignored ICE server URL 'turn:anna:%s@turn.example.com'", PASSWORD)
        logger.info("call with Mia (34) connected")
        written = (folder / "advisor-app.log").read_text(encoding="utf-8")
        for secret in (PASSWORD, ACCESS_TOKEN, REFRESH, "anna.berger@example.com"):
            assert secret not in written  # the log's own filter already masks them
    finally:
        logger.removeHandler(handler)
        handler.close()
    (folder / "advisor-app.log.1").write_text(
        f"older day: call with Lea (29) ended\nreply {ACCESS_TOKEN} for anna.berger@example.com\n"
    )


def test_the_report_holds_the_test_the_log_and_the_system_but_no_secret(tmp_path: Path) -> None:
    logs = tmp_path / "log"
    _log_with_slips(logs)
    settings = Settings(
        last_email="anna.berger@example.com",
        server_url="https://platform.example",
        ca_bundle=str(Path.home() / "certs" / "company.pem"),
    )
    hardware = HardwareReport(
        (CheckResult("camera", "Camera", Verdict.PASS, "640×480 at 30 frames per second."),)
    )
    path = write_problem_report(
        tmp_path / "out",
        made=datetime(2026, 11, 21, 10, 5, 7),
        hardware=hardware,
        log_folder=logs,
        settings=settings,
        extra={"qt": "6.12.0"},
    )
    assert path.name == "advisor-problem-report-20261121-100507.zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert names == {
            "README.txt",
            "hardware-report.txt",
            "hardware-report.json",
            "log/advisor-app.log",
            "log/advisor-app.log.1",
            "system.json",
        }
        everything = "\n".join(archive.read(n).decode("utf-8") for n in sorted(names))
        system = json.loads(archive.read("system.json"))
    for secret in (PASSWORD, ACCESS_TOKEN, REFRESH, "anna.berger@example.com", str(Path.home())):
        assert secret not in everything
    assert "call with Mia (34) connected" in everything  # aliases and ages stay: support needs them
    assert "older day: call with Lea (29) ended" in everything
    assert "[OK] Camera: 640×480 at 30 frames per second." in everything
    assert system["qt"] == "6.12.0"
    assert "last_email" not in system["settings"]
    assert system["settings"]["server_url"] == "https://platform.example"
    assert system["settings"]["ca_bundle"] == "company.pem"


def test_without_a_hardware_test_the_readme_says_so(tmp_path: Path) -> None:
    path = write_problem_report(
        tmp_path,
        made=datetime(2026, 11, 21, 10, 5, 7),
        hardware=None,
        log_folder=tmp_path / "no-log-yet",
        settings=Settings(),
    )
    with zipfile.ZipFile(path) as archive:
        assert "hardware-report.txt" not in archive.namelist()
        assert "(not taken)" in archive.read("README.txt").decode()


def test_scrub_masks_each_kind_once() -> None:
    assert scrub("Bearer abc.def", home="/home/anna") == "Bearer ***"
    assert scrub("mail mia@example.org now", home="/home/anna") == "mail ***@*** now"
    assert scrub("turns:u:p@h:5349", home="/home/anna") == "turns:***:***@h:5349"
    assert scrub("/home/anna/.config/x", home="/home/anna") == "~/.config/x"
    assert scrub("Mia (34) 12:00:01", home="/home/anna") == "Mia (34) 12:00:01"


def test_settings_for_support_drop_the_email() -> None:
    values = settings_for_support(Settings(last_email="a@b.example", camera="v4l2/usb-cam"))
    assert "last_email" not in values
    assert values["camera"] == "v4l2/usb-cam"
