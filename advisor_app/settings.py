"""The advisor's settings: a small JSON file in the per-user config directory.

Secrets never go here: the refresh token lives in the OS keychain (`advisor_app.credentials`).
Unknown or malformed values fall back to defaults with a warning rather than stopping the app.
A retired setting is removed from the file the first time it is read (`RETIRED`).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "advisor-app"
# Settings that are gone, and why; a file that still has one is written again without it, once.
RETIRED = {
    # Extra STUN/TURN addresses: calls never used them (each call asks the platform for its
    # servers and their TURN credentials), and a TURN entry carried its password in plain text
    # ("turn:user:password@host", issue 14, finding 8).
    "ice_servers",
}


def config_dir() -> Path:
    override = os.environ.get("ADVISOR_APP_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))


def data_dir() -> Path:
    override = os.environ.get("ADVISOR_APP_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


@dataclass
class Settings:
    server_url: str = ""  # empty: run the embedded demo platform
    last_email: str = ""
    ca_bundle: str = ""  # a custom CA bundle for the platform's TLS; verification is never off
    language: str = ""  # empty: follow the system
    ring_device: str = ""  # a speaker's identity (`media.devices`); empty: the speaker setting
    ring_volume: float = 0.6
    # Devices by stable identity (`media.devices`, `advisor-app devices` lists them); empty: the
    # system's default. A device that is not connected falls back to the default with a notice.
    camera: str = ""
    microphone: str = ""
    speaker: str = ""
    # Voice processing of the microphone (`media.audio_processing`); each can be switched off.
    echo_cancellation: bool = True
    noise_suppression: bool = True
    gain_control: bool = True

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = path or config_dir() / "settings.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        if not isinstance(raw, dict):
            log.warning("settings file %s is not an object; using defaults", path)
            return cls()
        settings = cls(**_known_values(cls(), raw))
        retired = sorted(RETIRED & raw.keys())
        if retired:
            _rewrite_without(path, settings, retired)
        return settings

    def save(self, path: Path | None = None) -> None:
        """Writes atomically so that a full disk or a crash never leaves a half-written file."""
        path = path or config_dir() / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(asdict(self), f, indent=2)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _rewrite_without(path: Path, settings: Settings, retired: list[str]) -> None:
    """Writes the file again without the retired settings (their values never reach the log)."""
    try:
        settings.save(path)
    except OSError as exc:
        log.warning("settings file %s: could not remove %s (%s)", path, ", ".join(retired), exc)
        return
    log.info("settings file %s: removed the retired setting(s) %s", path, ", ".join(retired))


def _known_values(defaults: Settings, raw: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(defaults):
        if f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        if isinstance(default, float) and isinstance(value, int | float):
            values[f.name] = float(value)
        elif type(value) is type(default):
            values[f.name] = value
        else:
            log.warning("setting %s has the wrong type; using the default", f.name)
    return values
