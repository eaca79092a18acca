"""The advisor's refresh token in the OS keychain (via `keyring`), per platform address.

Never in a file, a setting or a log. A keychain that is missing or locked is reported as
"cannot remember the sign-in" and the advisor signs in by hand; nothing crashes.
"""

from __future__ import annotations

import logging

import keyring
import keyring.errors

log = logging.getLogger(__name__)

SERVICE = "advisor-app"


class CredentialStore:
    def __init__(self, service: str = SERVICE) -> None:
        self._service = service

    def _key(self, server_url: str, email: str) -> str:
        return f"{server_url.rstrip('/')}|{email.lower()}"

    def load_refresh_token(self, server_url: str, email: str) -> str | None:
        try:
            return keyring.get_password(self._service, self._key(server_url, email))
        except keyring.errors.KeyringError as exc:
            log.warning("keychain unavailable, cannot restore the sign-in: %s", type(exc).__name__)
            return None

    def save_refresh_token(self, server_url: str, email: str, token: str) -> bool:
        try:
            keyring.set_password(self._service, self._key(server_url, email), token)
        except keyring.errors.KeyringError as exc:
            log.warning("keychain unavailable, sign-in not remembered: %s", type(exc).__name__)
            return False
        return True

    def forget(self, server_url: str, email: str) -> None:
        try:
            keyring.delete_password(self._service, self._key(server_url, email))
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            log.warning(
                "keychain unavailable, could not forget the sign-in: %s", type(exc).__name__
            )
