"""The system clock the calls use when no test gives them another."""

from __future__ import annotations

from advisor_app.call.clock import SYSTEM_CLOCK


async def test_the_system_clock_waits_and_moves_forward() -> None:
    before = SYSTEM_CLOCK.monotonic()
    await SYSTEM_CLOCK.sleep(0.05)
    assert SYSTEM_CLOCK.monotonic() - before >= 0.05
