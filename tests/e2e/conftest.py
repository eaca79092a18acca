"""Fixtures of the end-to-end call tests (the helpers live in `call_processes`)."""

from tests.e2e.call_processes import launcher

__all__ = ["launcher"]
