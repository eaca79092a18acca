from __future__ import annotations

import logging

import pytest

from advisor_app.logging_setup import SecretFilter


@pytest.mark.parametrize(
    "message",
    [
        "Authorization: Bearer abc.def-123",
        '{"access_token": "abc.def-123"}',
        "refresh_token=abc.def-123",
        "password: abc.def-123",
    ],
)
def test_tokens_are_masked(message: str) -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, message, None, None)
    SecretFilter().filter(record)
    assert "abc.def-123" not in record.getMessage()
    assert "***" in record.getMessage()


def test_plain_messages_untouched() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "call %s ended", ("c1",), None)
    SecretFilter().filter(record)
    assert record.getMessage() == "call c1 ended"
