"""The History tab says what the platform billed, and for a call whose hang-up the platform has
not acknowledged yet, that it is not confirmed and where the bill stops (not "Running")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from advisor_app.call.hangup_outbox import PendingHangup
from advisor_app.domain.models import Call, CallKind, CallState, EndReason
from advisor_app.engine import Engine
from advisor_app.history import CallRecord
from ui.advisor_clock import AdvisorClock
from ui.engine_calls import EngineCalls
from ui.history_controller import HistoryController
from ui.history_panel import HistoryPanel

START = datetime(2026, 5, 9, 12, 0, tzinfo=UTC)


def record(
    state: CallState, *, billed: int = 0, unconfirmed: PendingHangup | None = None
) -> CallRecord:
    ended = state is CallState.ENDED
    call = Call(
        id="c1", kind=CallKind.LIVE, request_id="r1", booking_id=None, advisor_id="a1",
        alias="Mia", age=34, state=state, created_at=START, started_at=START,
        ended_at=START + timedelta(seconds=billed) if ended else None,
        end_reason=EndReason.HANGUP if ended else None, ended_by="advisor" if ended else None,
        billed_seconds=billed, billed_until=START + timedelta(seconds=billed) if ended else None,
    )  # fmt: skip
    return CallRecord(call, (), unconfirmed)


def controller(qtbot: QtBot, engine: Engine) -> tuple[HistoryPanel, HistoryController]:
    panel = HistoryPanel()
    qtbot.addWidget(panel)

    async def nothing() -> tuple[CallRecord, ...]:
        return ()

    history = HistoryController(
        panel, source=nothing, calls=EngineCalls(engine, panel), clock=AdvisorClock(zone=UTC)
    )
    return panel, history


def test_a_call_whose_end_is_not_confirmed_says_so_and_where_the_bill_stops(
    qtbot,
    engine: Engine,
) -> None:
    panel, history = controller(qtbot, engine)
    decided = START + timedelta(seconds=151)
    waiting = PendingHangup("c1", EndReason.HANGUP, decided, tries=4)
    history.show_records((record(CallState.ACTIVE, unconfirmed=waiting),))
    assert panel.table.item(0, 5).text() == "Ended by you, not yet confirmed by the platform"
    details = panel.details.toPlainText()
    assert "You ended the call at 12:02:31" in details
    assert "the bill stops at 12:02:31" in details


def test_a_running_call_and_a_billed_one(qtbot: QtBot, engine: Engine) -> None:
    panel, history = controller(qtbot, engine)
    history.show_records((record(CallState.ACTIVE), record(CallState.ENDED, billed=151)))
    assert panel.table.item(0, 5).text() == "Running"
    assert panel.table.item(1, 4).text() == "151 s"
    assert panel.table.item(1, 5).text() == "Hung up (by you)"
