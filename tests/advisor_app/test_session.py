"""The advisor's sign-in against the real platform: keychain, refresh, rotation, revocation."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from advisor_app.credentials import CredentialStore
from advisor_app.domain.models import Role
from advisor_app.session import AdvisorSession
from network.errors import NotSignedIn
from platform_server.testing import RunningPlatform
from tests.advisor_app.conftest import ACCESS_TTL, new_session
from tests.memory_keyring import MemoryKeyring


def stored_token(platform: RunningPlatform) -> str | None:
    return CredentialStore().load_refresh_token(platform.base_url, platform.advisor_email)


def test_sign_in_lists_the_advisors_queue(live_platform: RunningPlatform) -> None:
    client, session = new_session(live_platform)
    account = session.sign_in(live_platform.advisor_email, live_platform.advisor_password, False)
    assert account.role is Role.ADVISOR
    assert account.id == live_platform.advisor_id
    assert session.authorized(client.me) == account
    bookings = session.authorized(client.list_bookings)
    assert bookings, "the demo seed has bookings"
    assert all(b.advisor_id == account.id for b in bookings)
    assert stored_token(live_platform) is None  # not asked to remember


def test_remember_keeps_only_the_refresh_token_in_the_keychain(
    live_platform: RunningPlatform, memory_keyring: MemoryKeyring
) -> None:
    _, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    assert list(memory_keyring.secrets.values()) == [stored_token(live_platform)]
    # Signing in again without "remember" forgets what was stored.
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, False)
    assert memory_keyring.secrets == {}


def test_wrong_password_and_customer_accounts_are_refused(live_platform: RunningPlatform) -> None:
    _, session = new_session(live_platform)
    with pytest.raises(NotSignedIn):
        session.sign_in(live_platform.advisor_email, "wrong password", True)
    customer = live_platform.create_customer()
    with pytest.raises(NotSignedIn, match="customer"):
        session.sign_in(customer["email"], customer["password"], True)
    assert not session.signed_in
    assert stored_token(live_platform) is None


def test_an_expired_access_token_is_refreshed_transparently(
    live_platform: RunningPlatform,
) -> None:
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    first_refresh_token = stored_token(live_platform)
    live_platform.advance_clock(ACCESS_TTL + 5)  # the platform now says token_expired
    assert session.authorized(client.me).id == live_platform.advisor_id
    rotated = stored_token(live_platform)
    assert rotated
    assert rotated != first_refresh_token


def test_a_token_about_to_expire_is_refreshed_before_use(live_platform: RunningPlatform) -> None:
    now = [1000.0]
    client = new_session(live_platform)[0]
    session = AdvisorSession(
        client, CredentialStore(), live_platform.base_url, monotonic=lambda: now[0]
    )
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, False)
    first = session.access_token()
    now[0] += ACCESS_TTL - 5  # within the safety margin of the expiry
    second = session.access_token()
    assert second != first
    assert session.authorized(client.me).id == live_platform.advisor_id


def test_parallel_calls_share_one_refresh(live_platform: RunningPlatform) -> None:
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    live_platform.advance_clock(ACCESS_TTL + 5)
    start = threading.Barrier(6)

    def call_me() -> str:
        start.wait()
        return session.authorized(client.me).id

    with ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(lambda _: call_me(), range(6)))
    # Refresh tokens rotate: two refreshes with the same token would have signed us out.
    assert ids == [live_platform.advisor_id] * 6
    assert session.signed_in


def test_restore_uses_and_rotates_the_stored_token(live_platform: RunningPlatform) -> None:
    _, first = new_session(live_platform)
    first.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    stored = stored_token(live_platform)
    _, second = new_session(live_platform)
    account = second.restore(live_platform.advisor_email)
    assert account is not None
    assert account.id == live_platform.advisor_id
    assert stored_token(live_platform) not in (None, stored)
    _, third = new_session(live_platform)
    assert third.restore("nobody@example.org") is None


def test_a_revoked_refresh_token_signs_out_and_is_forgotten(
    live_platform: RunningPlatform,
) -> None:
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    token = stored_token(live_platform)
    assert token
    client.logout(token)  # revoked elsewhere (for example "sign out everywhere")
    live_platform.advance_clock(ACCESS_TTL + 5)
    with pytest.raises(NotSignedIn):
        session.authorized(client.me)
    assert not session.signed_in
    assert stored_token(live_platform) is None
    _, later = new_session(live_platform)
    assert later.restore(live_platform.advisor_email) is None


def test_restore_with_a_revoked_token_forgets_it(live_platform: RunningPlatform) -> None:
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    token = stored_token(live_platform)
    assert token
    client.logout(token)
    _, later = new_session(live_platform)
    assert later.restore(live_platform.advisor_email) is None
    assert stored_token(live_platform) is None


def test_sign_out_revokes_on_the_platform_and_forgets_locally(
    live_platform: RunningPlatform,
) -> None:
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    token = stored_token(live_platform)
    assert token
    session.sign_out()
    assert not session.signed_in
    assert stored_token(live_platform) is None
    with pytest.raises(NotSignedIn):
        client.refresh(token)
    with pytest.raises(NotSignedIn):
        session.authorized(client.me)


def test_tokens_and_passwords_never_reach_the_log(
    live_platform: RunningPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client, session = new_session(live_platform)
    session.sign_in(live_platform.advisor_email, live_platform.advisor_password, True)
    secrets = {live_platform.advisor_password, session.access_token(), stored_token(live_platform)}
    live_platform.advance_clock(ACCESS_TTL + 5)
    session.authorized(client.me)
    secrets |= {session.access_token(), stored_token(live_platform)}
    session.sign_out()
    for secret in secrets:
        assert secret
        assert secret not in caplog.text
