"""Keeps what a client sent out of the platform's log when aiohttp reports a malformed request.

aiohttp logs a request it cannot parse at ERROR with the parser's exception, whose message
quotes the start of the offending line: an oversized `Authorization` header put the start of a
token in the log. This filter turns such a record into one line naming only the kind of error.
"""

from __future__ import annotations

import logging

from aiohttp import http_exceptions

_AIOHTTP_SERVER_LOG = "aiohttp.server"


class _MalformedRequestFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, http_exceptions.HttpProcessingError):
            record.msg = "malformed request refused (%s, %s)"
            record.args = (type(exc).__name__, exc.code)
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


_FILTER = _MalformedRequestFilter()


def install() -> None:
    """Attach the filter to aiohttp's server log (once, however many servers start)."""
    logger = logging.getLogger(_AIOHTTP_SERVER_LOG)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
