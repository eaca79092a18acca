"""Checks of what the advisor typed in the settings dialog's Connection section (no Qt): each
returns the clean value or a sentence that says what is wrong. The sentences are English, marked
with `N_` (`advisor_app.domain.texts`); the dialog translates them when it shows them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from advisor_app.domain.texts import N_


def check_server_url(text: str) -> tuple[str, str]:
    """An http(s) address with a host, or empty (the demo platform); (url, "") or ("", problem)."""
    url = text.strip().rstrip("/")
    if not url:
        return "", ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "", N_(
            "SettingsForm",
            "“{address}” is not a web address (for example https://platform.example).",
        ).format(address=text.strip())
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return "", N_(
            "SettingsForm",
            "The platform address must start with https:// (http only on this computer).",
        )
    return url, ""


def check_ca_bundle(text: str) -> tuple[str, str]:
    """A readable file, or empty (the system's certificates); (path, "") or ("", problem)."""
    path = text.strip()
    if not path:
        return "", ""
    if not Path(path).is_file():
        return "", N_("SettingsForm", "The certificate bundle “{path}” does not exist.").format(
            path=path
        )
    return path, ""
