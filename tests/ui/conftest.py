"""GUI tests run offscreen; a real engine thread carries every desk command."""

from __future__ import annotations

import os

# Before anything imports Qt: no display here, and none needed.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator

import pytest

from advisor_app.engine import Engine


@pytest.fixture
def engine() -> Iterator[Engine]:
    running = Engine("test-engine")
    running.start()
    yield running
    running.stop()
