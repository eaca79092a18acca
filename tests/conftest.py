"""Fixtures every test shares: an isolated config dir, an in-memory keychain, a real platform."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import pytest
from hypothesis import settings

from tests.fake_clock import FakeClock
from tests.memory_keyring import MemoryKeyring
from tests.qt_screen import offscreen_platform
from tests.qt_signal_blockers import install as install_safe_signal_waits

# Qt must not look for a display in tests unless a test sets one up on purpose; its offscreen
# screen is a 1920x1080 laptop's (`tests.qt_screen`).
os.environ.setdefault("QT_QPA_PLATFORM", offscreen_platform())
install_safe_signal_waits()  # signals emitted twice from the engine thread crashed PySide6

# Property tests state what must hold, not how fast: Hypothesis' per-example deadline (200 ms) is
# a timing assertion that a loaded 2-core machine fails (the parser's took 396 ms at load ~16).
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

if TYPE_CHECKING:
    from platform_server.testing import RunningPlatform


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    base = tmp_path_factory.mktemp("userdirs")
    monkeypatch.setenv("ADVISOR_APP_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("ADVISOR_APP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("ADVISOR_APP_LOG_DIR", str(base / "log"))
    return base


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    """A real reference platform on a loopback port, seeded with the demo data."""
    from platform_server.testing import RunningPlatform

    with RunningPlatform(tmp_path / "platform", seed="demo") as running:
        yield running


@pytest.fixture
def fake_clock() -> FakeClock:
    """Time that moves only by `await fake_clock.advance(seconds)` (`tests/fake_clock.py`)."""
    return FakeClock()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a test saves pictures for a human look: its own folder under pytest's temporary
    directory (the last runs are kept), never in the tree and never shared with another test."""
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder
