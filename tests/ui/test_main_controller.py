"""The main window's controllers against a fake desk on a real engine thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from advisor_app.desk_listener import ConnectionState
from advisor_app.domain.models import CallRequest, CallRequestState, Presence
from advisor_app.engine import Engine
from network.errors import Conflict
from tests.ui import demo_data
from tests.ui.conftest import FakeTime, RecordingRinger
from tests.ui.fake_desk import FakeDesk
from tests.ui.gui_helpers import desk_of, report, sign_in
from ui.application import AdvisorGui, GuiOptions
from ui.bookings.queue_model import BOOKING_ROLE, StateFilter
from ui.decline_dialog import DeclineDialog
from ui.status_panel import DOT_COLORS


def ring(gui: AdvisorGui, qtbot, engine: Engine, *requests: CallRequest) -> None:
    desk = desk_of(gui)
    for request in requests:
        desk.requests[request.id] = request
    report(
        qtbot, engine, gui.bridge.call_requests_updated, gui.bridge.call_requests_changed, requests
    )


def test_a_ringing_request_shows_as_a_card_with_alias_age_and_ticking_wait(
    gui: AdvisorGui, qtbot, engine: Engine, fake_time: FakeTime
) -> None:
    sign_in(gui, qtbot)
    panel = gui.window.live_requests
    assert panel.showing_empty_state
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia", 34, waited_s=12))

    card = panel.card("req_1")
    assert card is not None
    assert not panel.showing_empty_state
    assert card.alias.text() == "Mia"
    assert card.age.text() == "34 years"
    assert card.waiting.text() == "waiting 0:12"
    fake_time.advance(1)
    qtbot.waitUntil(lambda: card.waiting.text() == "waiting 0:13", timeout=2500)


def test_only_ringing_requests_get_cards_oldest_first(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    ring(
        gui,
        qtbot,
        engine,
        demo_data.request("req_new", "Ben", 23, waited_s=3),
        demo_data.request("req_old", "Lea", 29, waited_s=40),
        demo_data.request("req_gone", "Tom", 36, state=CallRequestState.CANCELLED),
    )
    cards = gui.window.live_requests.cards()
    assert [c.request.id for c in cards] == ["req_old", "req_new"]
    assert cards[0].accept.text() == "&Accept"  # Alt+A answers the longest waiting customer
    assert cards[1].accept.text() == "Accept"


def test_the_ring_starts_for_a_new_request_and_stops_when_none_rings(
    gui: AdvisorGui, qtbot, engine, ringer: RecordingRinger
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1"))
    assert ringer.ringing
    ring(gui, qtbot, engine)
    assert not ringer.ringing
    assert gui.window.live_requests.showing_empty_state


def test_accept_without_a_call_window_accepts_with_the_desk(
    gui: AdvisorGui, qtbot, engine, ringer: RecordingRinger
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia"))
    card = gui.window.live_requests.card("req_1")
    assert card is not None

    with qtbot.waitSignal(gui.main.live_requests.accepted, timeout=5000) as accepted:
        qtbot.mouseClick(card.accept, Qt.MouseButton.LeftButton)
        assert not card.accept.isEnabled()  # no second answer while the first is under way
        assert not ringer.ringing
    request = accepted.args[0]
    assert request.state == CallRequestState.ACCEPTED
    assert request.call_id == "call_req_1"
    assert desk_of(gui).called("accept") == [("req_1",)]
    assert desk_of(gui).threads == {"test-engine"}


def test_accept_without_a_call_window_shows_the_connecting_notice(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia"))
    with qtbot.waitSignal(gui.main.live_requests.accepted, timeout=5000):
        gui.window.live_requests.card("req_1").accept.click()
    assert gui.window.notice_bar.isVisibleTo(gui.window)
    assert gui.window.notice.text() == "Call with Mia accepted — connecting…"


def test_a_failed_accept_says_why_on_the_card_and_rings_on(
    gui: AdvisorGui, qtbot, engine, ringer: RecordingRinger
) -> None:
    desk_of(gui).failures["accept"] = Conflict("The customer has hung up.")
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1"))
    card = gui.window.live_requests.card("req_1")
    with qtbot.waitSignal(gui.main.live_requests.answer_failed, timeout=5000) as failed:
        card.accept.click()
    assert failed.args == ["req_1", "The customer has hung up."]
    assert card.message.text() == "The customer has hung up."
    assert card.accept.isEnabled()
    assert ringer.ringing


def test_decline_asks_for_an_optional_reason_and_sends_it(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia"))
    gui.window.live_requests.card("req_1").decline.click()
    dialog = gui.window.findChild(DeclineDialog)
    assert dialog is not None
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason, "Back in 15 minutes")
    with qtbot.waitSignal(gui.main.live_requests.declined, timeout=5000) as declined:
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert declined.args[0].decline_reason == "Back in 15 minutes"
    assert desk_of(gui).called("decline") == [("req_1", "Back in 15 minutes")]


def test_keeping_it_ringing_declines_nothing(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", "Mia"))
    gui.window.live_requests.card("req_1").decline.click()
    dialog = gui.window.findChild(DeclineDialog)
    with qtbot.assertNotEmitted(gui.main.live_requests.declined, wait=200):
        dialog.keep.click()
    assert desk_of(gui).called("decline") == []
    assert gui.window.live_requests.card("req_1").decline.isEnabled()


def test_presence_switch_shows_the_state_the_platform_confirmed(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    switch = gui.window.presence
    report(
        qtbot, engine, gui.bridge.presence_confirmed, gui.bridge.presence_changed, Presence.OFFLINE
    )
    assert switch.buttons[Presence.OFFLINE].isChecked()

    with qtbot.waitSignal(gui.bridge.presence_confirmed, timeout=5000):
        qtbot.mouseClick(switch.buttons[Presence.ONLINE], Qt.MouseButton.LeftButton)
        assert not switch.buttons[Presence.ONLINE].isChecked()  # not before the platform says so
        assert switch.buttons[Presence.ONLINE].property("pending") is True
    assert desk_of(gui).called("set_presence") == [(Presence.ONLINE,)]
    assert switch.buttons[Presence.ONLINE].isChecked()
    assert not switch.buttons[Presence.OFFLINE].isChecked()
    assert gui.window.live_requests.empty.text.text().startswith("You are online")


def test_a_refused_presence_change_keeps_the_confirmed_state(
    gui: AdvisorGui, qtbot, engine
) -> None:
    desk_of(gui).failures["set_presence"] = Conflict("Finish your call first.")
    sign_in(gui, qtbot)
    switch = gui.window.presence
    report(qtbot, engine, gui.bridge.presence_confirmed, gui.bridge.presence_changed, Presence.BUSY)
    with qtbot.waitSignal(gui.main.presence_failed, timeout=5000) as failed:
        switch.buttons[Presence.ONLINE].click()
    assert failed.args == ["Finish your call first."]
    assert switch.buttons[Presence.BUSY].isChecked()
    assert not switch.buttons[Presence.ONLINE].isChecked()
    assert switch.buttons[Presence.ONLINE].property("pending") is False


def test_status_bar_shows_the_connection_with_a_coloured_dot(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    status = gui.window.status
    report(
        qtbot,
        engine,
        gui.bridge.connection_state_changed,
        gui.bridge.connection_changed,
        ConnectionState.RECONNECTING,
        "in 4 s — platform unreachable",
    )
    assert status.connection.text() == "Reconnecting in 4 s — platform unreachable"
    assert status.dot.color == DOT_COLORS[ConnectionState.RECONNECTING].lower()
    report(
        qtbot,
        engine,
        gui.bridge.connection_state_changed,
        gui.bridge.connection_changed,
        ConnectionState.CONNECTED,
        "",
    )
    assert status.connection.text() == "Connected"
    assert status.dot.color == DOT_COLORS[ConnectionState.CONNECTED].lower()


def test_a_clock_offset_over_two_seconds_is_shown_and_corrects_the_wait(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    ring(gui, qtbot, engine, demo_data.request("req_1", waited_s=12))
    status = gui.window.status
    report(qtbot, engine, gui.bridge.clock_offset_measured, gui.bridge.clock_offset_changed, 1.5)
    assert not status.clock_offset.isVisibleTo(gui.window)
    report(qtbot, engine, gui.bridge.clock_offset_measured, gui.bridge.clock_offset_changed, 30.0)
    assert status.clock_offset.isVisibleTo(gui.window)
    assert "30 s behind" in status.clock_offset.text()
    assert gui.window.live_requests.card("req_1").waiting.text() == "waiting 0:42"


def test_a_problem_from_the_desk_shows_as_an_error_notice(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    report(
        qtbot,
        engine,
        gui.bridge.problem_reported,
        gui.bridge.problem,
        "The platform sent nonsense.",
    )
    assert gui.window.notice.text() == "The platform sent nonsense."
    assert gui.window.notice_bar.property("tone") == "error"


def test_the_customer_page_address_is_shown_and_copyable(qtbot, engine, ringer) -> None:
    gui = AdvisorGui(
        engine,
        FakeDesk,
        GuiOptions(server_url="", customer_url="http://127.0.0.1:8765/"),
        ringer=ringer,
    )
    status = gui.window.status
    assert "http://127.0.0.1:8765/" in status.customer_page.text()
    with qtbot.waitSignal(status.address_copied):
        status.copy_address.click()
    assert QGuiApplication.clipboard().text() == "http://127.0.0.1:8765/"
    gui.close()


def test_the_booking_queue_keeps_the_selection_across_snapshots(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    report(
        qtbot,
        engine,
        gui.bridge.bookings_updated,
        gui.bridge.bookings_changed,
        demo_data.bookings(),
    )
    bookings = gui.main.bookings
    bookings.select("bkg_2")
    details = gui.window.bookings.details
    assert details.booking is not None
    assert details.booking.id == "bkg_2"
    report(
        qtbot,
        engine,
        gui.bridge.bookings_updated,
        gui.bridge.bookings_changed,
        demo_data.bookings(),
    )
    assert details.booking is not None
    assert details.booking.id == "bkg_2"
    selected = gui.window.bookings.table.selectionModel().selectedRows()
    assert [index.data() for index in selected] == ["Lea"]


def test_filter_buttons_and_search_narrow_the_table(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    report(
        qtbot,
        engine,
        gui.bridge.bookings_updated,
        gui.bridge.bookings_changed,
        demo_data.bookings(),
    )
    view = gui.window.bookings
    proxy = gui.main.bookings.proxy
    gui.main.bookings.select("bkg_2")
    view.filters[StateFilter.REQUESTS].click()
    assert proxy.rowCount() == 2
    # Lea is filtered away: details follow whatever row the table now highlights, if any.
    selected = [i.data(BOOKING_ROLE) for i in view.table.selectionModel().selectedRows()]
    assert [view.details.booking] == (selected or [None])
    assert view.details.booking is None or view.details.booking.id != "bkg_2"
    qtbot.keyClicks(view.search, "staatsexamen")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "Ben"
    qtbot.keyClicks(view.search, "xyz")
    assert proxy.rowCount() == 0
    assert view.empty_hint.isVisibleTo(view)
