""" "Report a problem": one zip file an advisor can attach to an e-mail to support.

It holds what support asks for first: the hardware and network test's report, the app's log of
the last days, and a description of the system and the settings. It never holds a password, a
token, an e-mail address or a customer's data beyond what the log already limits itself to
(customers by alias only): the settings go in without the e-mail and with server credentials
masked, and every text passes `scrub` as a second line of defence behind the log's own rules
(`advisor_app.logging_setup`).
"""

from __future__ import annotations

import json
import platform
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import platformdirs

from advisor_app.hardware_check.report import HardwareReport, app_version
from advisor_app.logging_setup import mask_secrets
from advisor_app.settings import Settings

README = """Advisor Desk — problem report
=============================

Made {made} on {system}, app {version}.

hardware-report.txt / .json  the hardware and network test (camera, microphone, speakers,
                             connection to the platform){hardware_note}
log/                         the app's log of the last days
system.json                  the app and system versions and the settings

Not in this report: passwords, sign-in tokens, e-mail addresses, audio or video. Customers
appear in the log by alias and age only.
"""


def scrub(text: str, home: str = str(Path.home())) -> str:
    """Masks what must never leave the computer, should it have slipped into a text: tokens,
    passwords, credentials in server addresses, e-mail addresses, the user's home folder."""
    text = mask_secrets(text)
    if home and home not in ("/", ""):
        text = text.replace(home, "~")
    return text


def settings_for_support(settings: Settings) -> dict[str, object]:
    """The settings as support may read them: no e-mail, no credentials, no home folder."""
    values = asdict(settings)
    values.pop("last_email", None)
    values["ca_bundle"] = Path(settings.ca_bundle).name if settings.ca_bundle else ""
    return values


def reports_folder() -> Path:
    """Where reports go: the Downloads folder, where people look for a file to attach."""
    return Path(platformdirs.user_downloads_dir())


def report_name(made: datetime) -> str:
    return f"advisor-problem-report-{made.strftime('%Y%m%d-%H%M%S')}.zip"


def write_problem_report(
    folder: Path,
    *,
    made: datetime,
    hardware: HardwareReport | None,
    log_folder: Path,
    settings: Settings,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Writes the zip into `folder` (made if missing) and returns its path. Blocking I/O: run it
    off the GUI thread. `extra` adds lines to system.json (the UI's Qt version, the screens)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / report_name(made)
    system = f"{platform.system()} {platform.release()}"
    hardware_note = "" if hardware is not None else "\n                             (not taken)"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(
                made=made.strftime("%Y-%m-%d %H:%M"),
                system=system,
                version=app_version(),
                hardware_note=hardware_note,
            ),
        )
        if hardware is not None:
            archive.writestr("hardware-report.txt", scrub(hardware.to_text()))
            archive.writestr("hardware-report.json", scrub(hardware.to_json_text()))
        for log_file in sorted(log_folder.glob("*.log*")):
            text = log_file.read_text(encoding="utf-8", errors="replace")
            archive.writestr(f"log/{log_file.name}", scrub(text))
        details = {
            "app_version": app_version(),
            "system": system,
            "machine": platform.machine(),
            "python": sys.version.split()[0],
            **dict(extra or {}),
            "settings": settings_for_support(settings),
        }
        archive.writestr("system.json", scrub(json.dumps(details, indent=2, ensure_ascii=False)))
    return path
