"""The one error shape of the API: `{"error": {"code", "message", "details"?}}`."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the client caused or may handle; turned into a JSON response by the middleware."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[str] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        # Seconds the client should wait before trying again (the Retry-After header).
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}


def invalid(message: str, details: list[str] | None = None, status: int = 422) -> ApiError:
    return ApiError(status, "invalid_request", message, details if details is not None else [])


def not_authenticated(message: str = "sign in first") -> ApiError:
    return ApiError(401, "not_authenticated", message)


def token_expired() -> ApiError:
    return ApiError(401, "token_expired", "the access token has expired; refresh it")


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def not_found(what: str) -> ApiError:
    return ApiError(404, "not_found", f"{what} not found")


def conflict(message: str) -> ApiError:
    return ApiError(409, "conflict", message)


def rate_limited(message: str) -> ApiError:
    return ApiError(429, "rate_limited", message)
