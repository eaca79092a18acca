"""Logging: readable lines to stderr and to a rotating file in the user's log directory.

Tokens, passwords and customer details other than the alias are never passed to the logger in
the first place; `SecretFilter` is a second line of defence that masks a token that slips
through.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path

import platformdirs

from advisor_app.settings import APP_NAME

# What precedes a secret in a line; the value after it is masked (here and in problem reports).
SECRET_PATTERN = re.compile(
    r"(?i)(bearer\s+|access_token\W+|refresh_token\W+|password\W+)[^\s\"',}]+"
)
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_CREDENTIALS = re.compile(
    r"(?i)\b((?:turns?|stuns?|https?|wss?):(?://)?)[^\s@/:'\"]+:[^\s@/'\"]+@"
)
_JSON_WEB_TOKEN = re.compile(r"\beyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]+")


def mask_secrets(text: str) -> str:
    """Masks tokens and passwords (after their keyword, or a bare JSON web token), credentials in
    server addresses (turn:user:password@host) and e-mail addresses."""
    text = SECRET_PATTERN.sub(r"\1***", text)
    text = _JSON_WEB_TOKEN.sub("***", text)
    text = _URL_CREDENTIALS.sub(r"\1***:***@", text)
    return _EMAIL.sub("***@***", text)


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def log_dir() -> Path:
    """The per-user log folder (`ADVISOR_APP_LOG_DIR` overrides it, as tests do)."""
    override = os.environ.get("ADVISOR_APP_LOG_DIR")
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME, False))


def configure_logging(verbose: bool = False, to_file: bool = False) -> Path | None:
    """Sets up the root logger once; returns the log file's path when one is written."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    secret_filter = SecretFilter()
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter(FORMAT, "%H:%M:%S"))
    console.addFilter(secret_filter)
    root.addHandler(console)
    for noisy in ("aioice", "aiortc", "urllib3", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    if not to_file:
        return None
    path = log_dir() / "advisor-app.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:  # a read-only or full disk must not stop the app
        logging.getLogger(__name__).warning("cannot write the log file %s: %s", path, exc)
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(secret_filter)
    root.addHandler(handler)
    return path
