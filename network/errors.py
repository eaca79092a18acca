"""What can go wrong when talking to the platform, as typed errors with readable messages.

Every error's `str()` is a sentence the advisor can read, in English and marked with `N_`
(`advisor_app.domain.texts`), so the UI shows it in the advisor's language. The
platform's own message is kept where it helps (a server error, a refused request), but never a
token, a password or a customer's details: the platform does not put those in error bodies.
"""

# The names are the project's vocabulary (NotSignedIn, Conflict...), so no "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

from collections.abc import Mapping

from advisor_app.domain.texts import N_


class PlatformError(Exception):
    """Base of every failure in talking to the platform."""

    default_message = N_("PlatformError", "The platform reported a problem.")

    def __init__(
        self, message: str | None = None, *, code: str | None = None, status: int | None = None
    ) -> None:
        self.message = message or self.default_message
        self.code = code
        self.status = status
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotSignedIn(PlatformError):
    """No valid sign-in: unknown credentials, a revoked refresh token, or no session at all."""

    default_message = N_("PlatformError", "You are not signed in. Please sign in again.")


class TokenExpired(PlatformError):
    """The access token has expired; the session refreshes it and retries."""

    default_message = N_("PlatformError", "Your session has expired. Please sign in again.")


class Forbidden(PlatformError):
    default_message = N_("PlatformError", "This action is not allowed for your account.")


class NotFound(PlatformError):
    default_message = N_("PlatformError", "The platform does not know this item (any more).")


class Conflict(PlatformError):
    """The item is in the wrong state for this action (for example already answered)."""

    default_message = N_(
        "PlatformError", "This is no longer possible: the item has changed in the meantime."
    )


class InvalidRequest(PlatformError):
    """The platform refused the input; `details` lists what was wrong, as the platform said it."""

    default_message = N_("PlatformError", "The platform refused the input.")

    def __init__(
        self,
        message: str | None = None,
        *,
        details: tuple[str, ...] = (),
        code: str | None = "invalid_request",
        status: int | None = None,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.details = details

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return N_("PlatformError", "{message} ({details})").format(
            message=self.message, details="; ".join(self.details)
        )


class RateLimited(PlatformError):
    default_message = N_("PlatformError", "Too many requests. Please wait a moment and try again.")


class ServerError(PlatformError):
    """The platform failed (5xx); carries its message when it sent one."""

    default_message = N_(
        "PlatformError", "The platform has a problem right now. Please try again later."
    )

    def __str__(self) -> str:
        if self.message == self.default_message:
            return self.message
        return N_("PlatformError", "The platform has a problem: {message}").format(
            message=self.message
        )


class NetworkUnreachable(PlatformError):
    """The platform could not be reached: refused connection, unknown host, timeout, TLS failure."""

    default_message = N_(
        "PlatformError", "The platform cannot be reached. Check the internet connection."
    )


class MalformedPayload(PlatformError):
    """The platform answered something that does not follow the contract (`field` names where)."""

    default_message = N_(
        "PlatformError", "The platform sent an answer this app does not understand."
    )

    def __init__(self, problem: str, *, field: str = "") -> None:
        self.field = field
        self.problem = problem
        super().__init__(
            N_(
                "PlatformError",
                "The platform sent an answer this app does not understand ({problem}).",
            ).format(problem=problem)
        )


_BY_CODE: Mapping[str, type[PlatformError]] = {
    "not_authenticated": NotSignedIn,
    "token_expired": TokenExpired,
    "forbidden": Forbidden,
    "not_found": NotFound,
    "conflict": Conflict,
    "rate_limited": RateLimited,
}

_BY_STATUS: Mapping[int, type[PlatformError]] = {
    401: NotSignedIn,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def error_from_response(status: int, body: object) -> PlatformError:
    """Turns an error response (status and decoded JSON body, or None) into a typed error.

    The code in the body decides the type; a body that does not follow the contract still gives
    a sensible error from the HTTP status, so a misbehaving proxy never crashes the app.
    """
    code, message, details = _read_error_body(body)
    if status >= 500:
        return ServerError(message, code=code, status=status)
    if code == "invalid_request" or (code is None and status in (400, 422)):
        return InvalidRequest(message, details=details, status=status)
    error_type = _BY_CODE.get(code or "") or _BY_STATUS.get(status) or PlatformError
    return error_type(message, code=code, status=status)


def _read_error_body(body: object) -> tuple[str | None, str | None, tuple[str, ...]]:
    if not isinstance(body, dict):
        return None, None, ()
    error = body.get("error")
    if not isinstance(error, dict):
        return None, None, ()
    code = error.get("code")
    message = error.get("message")
    raw_details = error.get("details")
    details: tuple[str, ...] = ()
    if isinstance(raw_details, list):
        details = tuple(_detail_text(d) for d in raw_details[:10])
    return (
        code if isinstance(code, str) else None,
        (message.strip()[:500] or None) if isinstance(message, str) else None,
        details,
    )


def _detail_text(detail: object) -> str:
    """A detail is a string or an object such as `{"field": "age", "message": "too small"}`."""
    if isinstance(detail, str):
        return detail[:200]
    if isinstance(detail, dict):
        field = detail.get("field") or detail.get("loc")
        message = detail.get("message") or detail.get("msg")
        if isinstance(field, list):
            field = ".".join(str(part) for part in field)
        if field and message:
            return f"{field}: {message}"[:200]
        if message:
            return str(message)[:200]
    return str(detail)[:200]
