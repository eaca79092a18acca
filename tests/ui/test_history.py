"""The History tab says what the platform billed, and for a call whose hang-up the platform has
not acknowledged yet, that it is not confirmed and where the bill stops (not "Running").

Before the platform's first answer the tab says it is loading (not "No calls yet."), and when
that answer is an error it says so in the tab.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot

from advisor_app.call.hangup_outbox import PendingHangup
from advisor_app.domain.models import Call, CallKind, CallState, EndReason
from advisor_app.engine import Engine
from advisor_app.history import CallRecord
from ui.advisor_clock import AdvisorClock
from ui.engine_calls import EngineCalls
from ui.history_controller import HistoryController, HistorySource
from ui.history_panel import HistoryPanel
from ui.loaded_list import ListState

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


async def nothing() -> tuple[CallRecord, ...]:
    return ()


def controller(
    qtbot: QtBot, engine: Engine, source: HistorySource = nothing
) -> tuple[HistoryPanel, HistoryController]:
    panel = HistoryPanel()
    qtbot.addWidget(panel)
    history = HistoryController(
        panel, source=source, calls=EngineCalls(engine, panel), clock=AdvisorClock(zone=UTC)
    )
    return panel, history


class Platform:
    """Answers the history from a queue of outcomes: records, or an error to raise."""

    def __init__(self, *answers: tuple[CallRecord, ...] | BaseException) -> None:
        self.answers = list(answers)

    async def history(self) -> tuple[CallRecord, ...]:
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def test_the_tab_says_loading_until_the_first_answer_and_no_calls_only_after_it(
    qtbot: QtBot, engine: Engine
) -> None:
    panel, history = controller(qtbot, engine)
    panel.show()
    assert panel.calls.state is ListState.LOADING
    assert panel.calls.note.isVisible()
    assert panel.calls.note.text() == "Loading your calls…"
    assert not panel.table.isVisible()
    history.refresh()  # the answer comes back through the event loop, so not yet
    assert panel.calls.state is ListState.LOADING
    qtbot.waitUntil(lambda: panel.calls.state is ListState.EMPTY)
    assert panel.calls.note.text() == "No calls yet."
    assert not panel.table.isVisible()


def test_calls_replace_the_loading_text(qtbot: QtBot, engine: Engine) -> None:
    platform = Platform((record(CallState.ENDED, billed=151),))
    panel, history = controller(qtbot, engine, platform.history)
    panel.show()
    history.refresh()
    qtbot.waitUntil(lambda: panel.calls.state is ListState.SHOWN)
    assert panel.table.isVisible()
    assert not panel.calls.note.isVisible()
    assert panel.table.item(0, 4).text() == "151 s"


def test_a_failed_first_load_says_so_in_the_tab_and_a_later_failure_keeps_the_calls(
    qtbot: QtBot, engine: Engine
) -> None:
    calls = (record(CallState.ENDED, billed=151),)
    platform = Platform(ConnectionRefusedError(), calls, ConnectionRefusedError())
    panel, history = controller(qtbot, engine, platform.history)
    panel.show()
    with qtbot.assertNotEmitted(history.failed, wait=0):
        history.refresh()
        qtbot.waitUntil(lambda: panel.calls.state is ListState.FAILED)
    assert panel.calls.note.text() == "Could not load your calls: Platform unreachable"
    assert not panel.table.isVisible()
    history.refresh()  # Refresh: loading again, then the calls
    assert panel.calls.state is ListState.LOADING
    qtbot.waitUntil(lambda: panel.calls.state is ListState.SHOWN)
    with qtbot.waitSignal(history.failed) as failed:
        history.refresh()
    assert failed.args == ["Platform unreachable"]  # the window's notice tells it
    assert panel.calls.state is ListState.SHOWN
    assert panel.table.item(0, 4).text() == "151 s"


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
