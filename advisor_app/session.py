"""The advisor's sign-in: tokens, refresh, the keychain, and sign-out.

Blocking (it calls the REST client), so the desk runs it with `asyncio.to_thread`; it is safe from
several threads at once. Only one refresh runs at a time: refresh tokens rotate on use, so two
parallel refreshes with the same token would sign the advisor out. An access token that is about to
expire is refreshed before use; one the platform rejects is refreshed and the call retried once.
Tokens are never logged (`Tokens.__repr__` hides them) and only the refresh token is stored, in
the OS keychain, and only when the advisor asked to be remembered.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from advisor_app.credentials import CredentialStore
from advisor_app.domain.models import Account, Role, Tokens
from network.api_client import PlatformClient
from network.errors import NotSignedIn, TokenExpired

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

# Refresh this long before the platform's expiry, so a request never starts with a dying token.
EXPIRY_MARGIN_SECONDS = 20.0


class AdvisorSession:
    """One advisor signed in to one platform, or nobody; it is the client's token provider."""

    def __init__(
        self,
        client: PlatformClient,
        credentials: CredentialStore,
        server_url: str,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._credentials = credentials
        self._server_url = server_url
        self._monotonic = monotonic
        self._lock = threading.RLock()
        self._tokens: Tokens | None = None
        self._expires_at = 0.0
        self._email = ""
        self._remember = False
        client.token_provider = self.access_token

    @property
    def account(self) -> Account | None:
        tokens = self._tokens
        return tokens.account if tokens else None

    @property
    def signed_in(self) -> bool:
        return self._tokens is not None

    def sign_in(self, email: str, password: str, remember: bool) -> Account:
        """Signs in with the password; stores the refresh token only if `remember`."""
        tokens = self._client.login(email, password)
        self._require_advisor(tokens)
        with self._lock:
            self._email = email
            self._remember = remember
            self._adopt(tokens)
            if not remember:
                self._credentials.forget(self._server_url, email)
        log.info("signed in as %s", tokens.account.id)
        return tokens.account

    def restore(self, email: str) -> Account | None:
        """Signs in with the keychain's refresh token; None if there is none or it is revoked.

        Other failures (platform unreachable) propagate: the stored token may still be good.
        """
        stored = self._credentials.load_refresh_token(self._server_url, email)
        if not stored:
            return None
        try:
            tokens = self._client.refresh(stored)
        except NotSignedIn:
            log.info("stored sign-in was revoked; forgetting it")
            self._credentials.forget(self._server_url, email)
            return None
        self._require_advisor(tokens)
        with self._lock:
            self._email = email
            self._remember = True
            self._adopt(tokens)
        log.info("sign-in restored for %s", tokens.account.id)
        return tokens.account

    def access_token(self) -> str:
        """The current access token, refreshed first if it is about to expire (token provider)."""
        with self._lock:
            tokens = self._current()
            if self._monotonic() < self._expires_at:
                return tokens.access_token
            self._refresh_locked()
            return self._current().access_token

    def refresh(self, stale_access_token: str | None = None) -> None:
        """Gets new tokens with the refresh token.

        With `stale_access_token`, nothing happens if another thread has already replaced that
        token. A revoked refresh token raises `NotSignedIn`, and the session is then forgotten.
        """
        with self._lock:
            tokens = self._current()
            if stale_access_token is not None and tokens.access_token != stale_access_token:
                return
            self._refresh_locked()

    def authorized(self, action: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a client call; if the platform rejects the access token, refreshes, retries once."""
        token = self.access_token()
        try:
            return action(*args, **kwargs)
        except (TokenExpired, NotSignedIn):
            if self._tokens is None:
                raise
            log.info("access token rejected; refreshing and retrying once")
            self.refresh(stale_access_token=token)
            return action(*args, **kwargs)

    def sign_out(self) -> None:
        """Revokes the refresh token on the platform (best effort) and forgets it everywhere."""
        with self._lock:
            tokens, email = self._tokens, self._email
            self.forget()
        if tokens is None:
            return
        try:
            self._client.logout(tokens.refresh_token)
        except Exception as exc:  # the local sign-out stands even if the platform cannot be told
            log.warning("could not revoke the sign-in on the platform: %s", type(exc).__name__)
        log.info("signed out (%s)", "remembered sign-in forgotten" if email else "no account")

    def forget(self) -> None:
        """Drops the tokens here and in the keychain (after a revoked token or a sign-out)."""
        with self._lock:
            if self._email:
                self._credentials.forget(self._server_url, self._email)
            self._tokens = None
            self._expires_at = 0.0
            self._remember = False

    def _current(self) -> Tokens:
        tokens = self._tokens
        if tokens is None:
            raise NotSignedIn()
        return tokens

    def _refresh_locked(self) -> None:
        tokens = self._current()
        try:
            fresh = self._client.refresh(tokens.refresh_token)
        except NotSignedIn:
            log.info("refresh token no longer valid; signing out locally")
            self.forget()
            raise
        self._adopt(fresh)
        log.info("tokens refreshed")

    def _adopt(self, tokens: Tokens) -> None:
        self._tokens = tokens
        margin = min(EXPIRY_MARGIN_SECONDS, tokens.expires_in / 4)
        self._expires_at = self._monotonic() + tokens.expires_in - margin
        if self._remember and not self._credentials.save_refresh_token(
            self._server_url, self._email, tokens.refresh_token
        ):
            log.warning("sign-in will not be remembered (keychain unavailable)")

    def _require_advisor(self, tokens: Tokens) -> None:
        """This app is for advisors; a customer's fresh sign-in is revoked again at once."""
        if tokens.account.role is Role.ADVISOR:
            return
        try:
            self._client.logout(tokens.refresh_token)
        except Exception as exc:
            log.warning("could not revoke a customer's sign-in: %s", type(exc).__name__)
        raise NotSignedIn("This is a customer account; please sign in with an advisor account.")
