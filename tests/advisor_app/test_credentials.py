from __future__ import annotations

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend

from advisor_app.credentials import CredentialStore
from tests.memory_keyring import MemoryKeyring


def test_token_stored_per_server_and_email(memory_keyring: MemoryKeyring) -> None:
    store = CredentialStore()
    assert store.save_refresh_token("https://a.example/", "Lena@X.example", "r1")
    assert store.load_refresh_token("https://a.example", "lena@x.example") == "r1"
    assert store.load_refresh_token("https://b.example", "lena@x.example") is None
    store.forget("https://a.example", "lena@x.example")
    assert store.load_refresh_token("https://a.example", "lena@x.example") is None
    assert memory_keyring.secrets == {}


def test_forget_twice_is_fine() -> None:
    store = CredentialStore()
    store.forget("https://a.example", "x@y.example")


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def test_locked_keychain_degrades_to_manual_sign_in(caplog: pytest.LogCaptureFixture) -> None:
    keyring.set_keyring(LockedKeyring())
    store = CredentialStore()
    assert store.load_refresh_token("https://a.example", "x@y.example") is None
    assert not store.save_refresh_token("https://a.example", "x@y.example", "secret-token-value")
    store.forget("https://a.example", "x@y.example")
    assert "secret-token-value" not in caplog.text
