"""What a customer wrote (alias, request text, chat) is shown as typed, never as HTML.

Qt labels and tooltips take text that looks like HTML for HTML (AutoText): a customer who called
themselves `<h1 style=color:red>PAID ✔</h1>` appeared as a big red "PAID ✔" in the booking
details, the chat and the dialogs (issue 14, finding 7). Each screen here is the real widget with
that alias and text in it; every label, text view and tooltip in the window that carries it must
show the characters as typed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from advisor_app.call.listener import CallPhase
from advisor_app.domain.models import Booking, BookingState, ChatMessage, ChatThread, Role
from advisor_app.engine import Engine
from tests.ui import demo_data
from tests.ui.conftest import BERLIN
from tests.ui.gui_helpers import report, sign_in
from ui.advisor_clock import AdvisorClock
from ui.application import AdvisorGui
from ui.bookings.answer_dialogs import DeclineBookingDialog, ProposeTimeDialog
from ui.bookings.details import BookingDetails
from ui.call.booked_bar import BookedCallBar
from ui.call.identity_check import IdentityState
from ui.call.launch import open_call_window
from ui.chat_panel import ChatPanel
from ui.decline_dialog import DeclineDialog
from ui.elision import ElidedLabel
from ui.request_card import RequestCard

ALIAS = "<h1 style=color:red>PAID ✔</h1>"
WORDS = "<b>Bitte</b> <a href='https://evil.example'>hier</a> klicken <img src=x>"
# What is left of each in any text that carries it, however it is shown (HTML drops the tags).
MARKS = {ALIAS: "PAID ✔", WORDS: "klicken"}


def texts_shown(root: QWidget) -> Iterator[tuple[str, str, bool]]:
    """(where, the text, shown as typed?) for each label, text view, list cell and tooltip."""
    for widget in [root, *root.findChildren(QWidget)]:
        where = f"{type(widget).__name__} {widget.objectName()!r}"
        if isinstance(widget, QLabel):
            literal = (
                widget.textFormat() == Qt.TextFormat.PlainText
                or not QtGui.Qt.mightBeRichText(widget.text())
            )
            yield where, widget.text(), literal
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            yield where, widget.toPlainText(), True  # what the reader sees, as plain characters
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                column = 0  # a list's model hides its columnCount: walk while cells exist
                while (index := model.index(row, column)).isValid():
                    yield f"{where} cell {row},{column}", str(index.data() or ""), True
                    column += 1
        tip = widget.toolTip()
        yield f"{where} tooltip", QtGui.QTextDocumentFragment.fromHtml(tip).toPlainText(), True


def assert_shown_as_typed(root: QWidget, *typed: str) -> None:
    """Somewhere in `root` each of `typed` is shown character for character, and nothing that
    carries it is rendered as HTML (which would drop the tags) or shown escaped (`&lt;h1`)."""
    seen = {text: 0 for text in typed}
    for where, text, literal in texts_shown(root):
        for wanted in typed:
            if MARKS[wanted] not in text:
                continue
            assert literal, f"{where} renders {text!r} as HTML"
            assert wanted in text, f"{where} shows {text!r}, not what the customer typed"
            seen[wanted] += 1
    assert all(seen.values()), f"not shown anywhere: {[t for t, n in seen.items() if not n]}"


@pytest.fixture
def clock() -> AdvisorClock:
    return AdvisorClock(BERLIN, local_now=lambda: demo_data.NOW)


def hostile_booking(state: BookingState = BookingState.REQUESTED) -> Booking:
    return demo_data.booking(
        "bkg_x", ALIAS, 33, state, (26, 50), confirmed_in_h=None, text=WORDS, paid=False
    )


def test_booking_details_show_the_alias_and_request_as_typed(
    qtbot: QtBot, clock: AdvisorClock
) -> None:
    details = BookingDetails(clock)
    qtbot.addWidget(details)
    details.show_booking(hostile_booking())
    assert_shown_as_typed(details, ALIAS, WORDS)


def test_the_main_window_shows_the_alias_and_request_as_typed(
    gui: AdvisorGui, qtbot: QtBot, engine: Engine
) -> None:
    """The real wiring: the queue, its details, the ringing card and a notice naming the alias."""
    sign_in(gui, qtbot)
    bookings = (hostile_booking(),)
    bridge = gui.bridge
    report(qtbot, engine, bridge.bookings_updated, bridge.bookings_changed, bookings)
    gui.main.bookings.select("bkg_x")
    ringing = (demo_data.request("req_x", ALIAS, 33),)
    report(qtbot, engine, bridge.call_requests_updated, bridge.call_requests_changed, ringing)
    gui.window.show_notice(f"Declined the request of {ALIAS}.", "success")
    assert_shown_as_typed(gui.window, ALIAS, WORDS)


def test_chat_shows_the_alias_and_words_as_typed(qtbot: QtBot) -> None:
    panel = ChatPanel()
    qtbot.addWidget(panel)
    panel.show_threads((ChatThread("thr_1", "acc_1", ALIAS, unread=2),))
    message = ChatMessage("msg_1", "thr_1", Role.CUSTOMER, WORDS, demo_data.NOW)
    panel.show_messages(ALIAS, (message,), {"msg_1": "09:30"})
    assert_shown_as_typed(panel, ALIAS, WORDS)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: DeclineDialog(ALIAS), id="decline a call"),
        pytest.param(lambda: DeclineBookingDialog(ALIAS), id="decline a booking"),
        pytest.param(
            lambda: ProposeTimeDialog(ALIAS, demo_data.NOW + timedelta(days=2), BERLIN),
            id="propose a time",
        ),
        pytest.param(lambda: RequestCard(demo_data.request("req_x", ALIAS, 33)), id="ringing"),
    ],
)
def test_dialogs_name_the_customer_as_typed(qtbot: QtBot, make: object) -> None:
    dialog = make()  # type: ignore[operator]
    qtbot.addWidget(dialog)
    dialog.show()
    assert_shown_as_typed(dialog, ALIAS)


def test_the_call_window_shows_the_alias_and_chat_as_typed(qtbot: QtBot, engine: Engine) -> None:
    opened = open_call_window(None, engine, ALIAS, 33)
    window = opened.window
    qtbot.addWidget(window)
    bar = BookedCallBar(ALIAS)
    window.add_strip(bar)
    listener = opened.listener
    for method, *args in (
        (listener.phase_changed, CallPhase.CONNECTING, None),
        (listener.phase_changed, CallPhase.IN_CALL, None),
        (listener.chat_received, WORDS),
    ):
        engine.call_soon(method, *args)  # type: ignore[arg-type]
    engine.submit(asyncio.sleep(0)).result(timeout=5)
    qtbot.waitUntil(lambda: "klicken" in window.chat.messages.toPlainText(), timeout=5000)
    bar.identity.show_state(IdentityState.FAILED, "")
    bar.resize(120, bar.height())  # the identity sentence is cut: its tooltip names the customer
    assert_shown_as_typed(window, ALIAS, WORDS)
    window.set_closable(True)
    window.close()


def test_a_cut_label_shows_the_whole_alias_as_typed_on_hover(qtbot: QtBot) -> None:
    label = ElidedLabel(f"Ask {ALIAS} for the code")
    qtbot.addWidget(label)
    label.resize(60, 20)
    label.show()
    qtbot.waitUntil(lambda: label.elided)
    assert label.toolTip()
    assert_shown_as_typed(label, ALIAS)
    assert (
        MARKS[ALIAS] + "</h1>"
        in QtGui.QTextDocumentFragment.fromHtml(label.toolTip()).toPlainText()
    )
