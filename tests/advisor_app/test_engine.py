from __future__ import annotations

import asyncio
import threading

import pytest

from advisor_app.engine import Engine


def test_runs_coroutines_on_its_own_thread() -> None:
    engine = Engine()
    engine.start()
    try:

        async def where() -> str:
            await asyncio.sleep(0)
            return threading.current_thread().name

        assert engine.submit(where()).result(timeout=2) == "engine"
    finally:
        engine.stop()
    assert not engine.running


def test_errors_reach_the_caller() -> None:
    engine = Engine()
    engine.start()
    try:

        async def fail() -> None:
            raise ValueError("boom")

        with pytest.raises(ValueError, match="boom"):
            engine.submit(fail()).result(timeout=2)
    finally:
        engine.stop()


def test_stop_cancels_pending_work() -> None:
    engine = Engine()
    engine.start()
    cancelled = threading.Event()
    started = threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    engine.submit(forever())
    assert started.wait(2)
    engine.stop(timeout=2)
    assert cancelled.wait(2)


def test_restart_after_stop() -> None:
    engine = Engine()
    for _ in range(2):
        engine.start()

        async def one() -> int:
            return 1

        assert engine.submit(one()).result(timeout=2) == 1
        engine.stop()
