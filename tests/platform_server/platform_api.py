"""A tiny synchronous HTTP client for the platform tests, and a few common steps."""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter


class _FromAddress(HTTPAdapter):
    """Connects from one local address (another loopback address is another client)."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


class Api:
    """Plain HTTP against a running platform, optionally as a signed-in account.

    `source` is the client address to connect from (any of 127.0.0.0/8), so tests can be
    several clients on one machine."""

    def __init__(
        self, base_url: str, tokens: dict[str, Any] | None = None, source: str | None = None
    ) -> None:
        self.base_url = base_url
        self.tokens = tokens
        self.source = source

    @property
    def token(self) -> str:
        assert self.tokens is not None
        return str(self.tokens["access_token"])

    @property
    def account_id(self) -> str:
        assert self.tokens is not None
        return str(self.tokens["account"]["id"])

    def request(self, method: str, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.tokens is not None:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        with requests.Session() as session:
            if self.source is not None:
                session.mount("http://", _FromAddress(self.source))
            return session.request(
                method, self.base_url + path, json=body, headers=headers, timeout=10, **kwargs
            )

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, {} if body is None else body, **kwargs)

    def put(self, path: str, body: Any = None) -> requests.Response:
        return self.request("PUT", path, body)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        """The JSON of a request that must succeed with `status`."""
        response = self.request(method, path, body)
        assert response.status_code == status, response.text
        return response.json() if response.content else None


def go_online(advisor: Api) -> None:
    advisor.ok("PUT", "/api/v1/me/presence", {"presence": "online"})


def ring(customer: Api, advisor_id: str, alias: str = "Jonas", age: int = 34) -> dict[str, Any]:
    body = {"advisor_id": advisor_id, "alias": alias, "age": age}
    result: dict[str, Any] = customer.ok("POST", "/api/v1/call-requests", body, status=201)
    return result
