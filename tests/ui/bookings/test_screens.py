"""The booking screens with the real window, the real desk and a real platform on loopback.

Answers to requests reach the platform (and so the customer page), the Call button follows the
rules on the platform's clock, messages come and go with unread counts, the history explains a
call with its events. Screenshots go to the test's own folder for a human look.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from advisor_app.domain.models import BookingState
from advisor_app.engine import Engine
from network.api_client import PlatformClient
from platform_server.testing import RunningPlatform
from platform_server.testing_party import CallParty
from platform_server.wire import format_ts, parse_ts
from tests.ui.conftest import RealDesks, RecordingRinger
from ui.application import STYLESHEET, AdvisorGui
from ui.bookings.answer_dialogs import DeclineBookingDialog, ProposeTimeDialog


class Customer:
    """A customer speaking the platform's REST API, as the customer page does."""

    def __init__(self, platform: RunningPlatform) -> None:
        self._platform = platform
        self.token = str(platform.create_customer()["access_token"])

    def send(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self._platform.base_url + "/api/v1" + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read()) if response.status != 204 else None

    def book(self, alias: str, slots: list[datetime], text: str) -> dict[str, Any]:
        body = {
            "advisor_id": self._platform.advisor_id,
            "alias": alias,
            "age": 38,
            "wished_slots": [format_ts(s) for s in slots],
            "duration_minutes": 45,
            "request_text": text,
        }
        return dict(self.send("POST", "/bookings", body))

    def thread(self) -> str:
        return str(self.send("GET", "/threads")["threads"][0]["id"])


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningPlatform]:
    with RunningPlatform(tmp_path / "platform", test_clock=True, access_ttl=6 * 3600) as running:
        yield running


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """The app's own look for the screenshots; the previous stylesheet comes back afterwards."""
    previous = qapp.styleSheet()
    qapp.setStyleSheet(STYLESHEET.read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(previous)


@pytest.fixture
def live_gui(
    qtbot, engine: Engine, platform: RunningPlatform, real_desks: RealDesks
) -> Iterator[AdvisorGui]:
    calls: list[Any] = []
    options = real_desks.options(
        on_call_booking=lambda booking, _clock: calls.append(booking),
    )
    gui = AdvisorGui(engine, real_desks, options, ringer=RecordingRinger())
    gui.booked_calls = calls  # type: ignore[attr-defined]
    with qtbot.waitSignal(gui.session.signed_in, timeout=10_000):
        gui.start()
    qtbot.waitUntil(lambda: gui.window.status.connection.text() == "Connected", timeout=10_000)
    yield gui
    with qtbot.waitSignal(gui.session.finished, timeout=10_000):
        gui.session.quit()
    gui.close()


def platform_now(platform: RunningPlatform) -> datetime:
    moment = parse_ts(platform.advance_clock(0))
    assert moment is not None
    return moment


def unread_total(tab_text: str) -> int:
    """`Messages (3)` -> 3, `Messages` -> 0."""
    return int(tab_text.rsplit("(", 1)[1].rstrip(")")) if "(" in tab_text else 0


def shot(screenshots: Path, widget: QWidget, name: str) -> None:
    widget.grab().save(str(screenshots / f"booking-{name}.png"))


def show(gui: AdvisorGui, qtbot, booking_id: str) -> None:
    qtbot.waitUntil(lambda: gui.main.bookings.model.row_of(booking_id) is not None, timeout=10_000)
    gui.main.bookings.select(booking_id)
    qtbot.waitUntil(
        lambda: (
            gui.window.bookings.details.booking is not None
            and gui.window.bookings.details.booking.id == booking_id
        ),
        timeout=5_000,
    )


def booking_of(gui: AdvisorGui, booking_id: str):
    row = gui.main.bookings.model.row_of(booking_id)
    return None if row is None else gui.main.bookings.model.booking_at(row)


def test_confirm_a_wished_slot_and_call_when_the_rules_allow(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform, screenshots: Path
) -> None:
    gui = live_gui
    customer = Customer(platform)
    start = platform_now(platform).replace(second=0, microsecond=0) + timedelta(minutes=30)
    booking = customer.book(
        "Lena", [start, start + timedelta(days=1)], "Ich überlege, mich selbstständig zu machen."
    )
    show(gui, qtbot, booking["id"])
    answers = gui.window.bookings.details.answers
    assert answers.slot_choice.count() == 2
    gui.window.resize(1280, 800)
    shot(screenshots, gui.window, "queue")

    with qtbot.waitSignal(gui.main.booking_actions.answered, timeout=10_000):
        qtbot.mouseClick(answers.confirm, Qt.MouseButton.LeftButton)
    seen = customer.send("GET", f"/bookings/{booking['id']}")
    assert seen["state"] == "confirmed"
    assert parse_ts(seen["confirmed_slot"]) == start
    qtbot.waitUntil(answers.call.isVisible, timeout=10_000)

    # Confirmed, not paid, 30 minutes ahead: too early, and payment comes first anyway.
    assert not answers.call.isEnabled()
    assert "from" in answers.call_hint.text()
    customer.send("POST", f"/bookings/{booking['id']}/pay", {})
    qtbot.waitUntil(lambda: booking_of(gui, booking["id"]).paid, timeout=10_000)
    platform.advance_clock(21 * 60)  # nine minutes before the start
    with qtbot.waitSignal(gui.bridge.clock_offset_measured, timeout=10_000):
        gui.calls.run(gui.options.platform.measure_clock())  # type: ignore[union-attr]
    gui.main.tick()
    assert answers.call.isEnabled(), answers.call_hint.text()
    shot(screenshots, gui.window, "queue-call")
    qtbot.mouseClick(answers.call, Qt.MouseButton.LeftButton)
    assert [b.id for b in gui.booked_calls] == [booking["id"]]  # type: ignore[attr-defined]


def test_decline_with_a_reason_reaches_the_customer(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform, screenshots: Path
) -> None:
    gui = live_gui
    customer = Customer(platform)
    booking = customer.book("Jonas", [platform_now(platform) + timedelta(days=2)], "Beziehung")
    show(gui, qtbot, booking["id"])
    gui.window.bookings.details.answers.decline.click()
    dialog = gui.window.findChild(DeclineBookingDialog)
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Ich bin in der Woche verreist")
    shot(screenshots, dialog, "decline")
    with qtbot.waitSignal(gui.main.booking_actions.answered, timeout=10_000):
        dialog.accept()
    seen = customer.send("GET", f"/bookings/{booking['id']}")
    assert (seen["state"], seen["decline_reason"]) == ("declined", "Ich bin in der Woche verreist")


def test_propose_another_time_confirms_it_and_tells_the_customer(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform, screenshots: Path
) -> None:
    gui = live_gui
    customer = Customer(platform)
    wished = platform_now(platform).replace(second=0, microsecond=0) + timedelta(days=3)
    booking = customer.book("Mia", [wished], "Familie")
    show(gui, qtbot, booking["id"])
    gui.window.bookings.details.answers.propose.click()
    dialog = gui.window.findChild(ProposeTimeDialog)
    assert dialog is not None
    other = wished + timedelta(hours=5)
    dialog.when.setDateTime(dialog.when.dateTime().fromSecsSinceEpoch(int(other.timestamp())))
    shot(screenshots, dialog, "propose")
    with qtbot.waitSignal(gui.main.booking_actions.proposed, timeout=10_000):
        dialog.accept()
    seen = customer.send("GET", f"/bookings/{booking['id']}")
    assert seen["state"] == "confirmed"
    assert parse_ts(seen["confirmed_slot"]) == other.astimezone(UTC)

    def told() -> bool:
        messages = customer.send("GET", f"/threads/{customer.thread()}/messages")["messages"]
        return any("Mia" in m["text"] and m["sender"] == "advisor" for m in messages)

    qtbot.waitUntil(told, timeout=10_000)


def test_messages_with_unread_counts_and_the_history_with_events(
    live_gui: AdvisorGui, qtbot, platform: RunningPlatform, screenshots: Path
) -> None:
    gui = live_gui
    window = gui.window
    customer = Customer(platform)
    booking = customer.book("Sophie", [platform_now(platform) + timedelta(minutes=12)], "Beruf")
    qtbot.waitUntil(lambda: booking_of(gui, booking["id"]) is not None, timeout=10_000)
    before = unread_total(window.tabs.tabText(1))
    thread = customer.thread()
    customer.send("POST", f"/threads/{thread}/messages", {"text": "Guten Tag! Passt der Termin?"})
    customer.send("POST", f"/threads/{thread}/messages", {"text": "Ich freue mich."})
    qtbot.waitUntil(lambda: unread_total(window.tabs.tabText(1)) == before + 2, timeout=10_000)
    sophie = window.chat.threads.findItems("Sophie", Qt.MatchFlag.MatchStartsWith)
    assert [item.text() for item in sophie] == ["Sophie   (2)"]

    window.tabs.setCurrentWidget(window.chat)
    window.chat.threads.setCurrentItem(sophie[0])
    qtbot.waitUntil(lambda: "Ich freue mich" in window.chat.history.toPlainText(), timeout=10_000)
    qtbot.waitUntil(lambda: unread_total(window.tabs.tabText(1)) == before, timeout=10_000)
    qtbot.keyClicks(window.chat.input, "Ja, bis gleich!")
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "bis gleich" in window.chat.history.toPlainText(), timeout=10_000)
    sent = customer.send("GET", f"/threads/{thread}/messages")["messages"]
    assert sent[-1]["text"] == "Ja, bis gleich!"
    shot(screenshots, window, "chat")

    # A booked call with recorded events, ended by the platform's rules, in the history.
    advisor = PlatformClient(platform.base_url)
    token = str(platform.login_advisor()["access_token"])
    advisor.token_provider = lambda: token
    slot = parse_ts(booking["wished_slots"][0])
    assert slot is not None
    gui.calls.run(gui.desk.confirm_booking(booking["id"], slot))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: booking_of(gui, booking["id"]).state is BookingState.CONFIRMED)
    customer.send("POST", f"/bookings/{booking['id']}/pay", {})
    platform.advance_clock(12 * 60)
    call = advisor.start_booked_call(booking["id"])
    with (
        CallParty(platform.base_url, token) as advisor_party,
        CallParty(platform.base_url, customer.token) as customer_party,
    ):
        for party in (advisor_party, customer_party):
            party.beat(call.id)  # media both ways: billing starts
        advisor.record_call_event(call.id, "identity_verified")
        advisor.record_call_event(call.id, "video_paused", "download 180 kbit/s")
        advisor.record_call_event(call.id, "video_resumed")
        platform.advance_clock(45 * 60 - 10)
        for party in (advisor_party, customer_party):
            party.beat(call.id)  # media confirmed 10 s before the booked end
        platform.advance_clock(10)  # the booked end: the platform cuts the call
    advisor.close()

    window.tabs.setCurrentWidget(window.history)
    table = window.history.table
    qtbot.waitUntil(
        lambda: table.rowCount() >= 1 and table.item(0, 1).text() == "Sophie, 38", timeout=10_000
    )
    table.selectRow(0)
    assert "Booked time over" in window.history.table.item(0, 5).text()
    details = window.history.details.toPlainText()
    assert "Identity verified" in details
    assert "Video paused: connection too slow — download 180 kbit/s" in details
    assert "2690 s billed" in details  # to the last confirmed media
    shot(screenshots, window, "history")


# -- the booked call's window: time left and the identity check ------------------------------------


class CheckingDesk:
    """Only the identity check of the desk; the platform's rule: case and dash do not matter."""

    def __init__(self) -> None:
        self.codes: list[str] = []

    async def verify_booking(self, booking_id: str, code: str) -> bool:
        self.codes.append(code)
        return code.replace("-", "").upper() == "K7QM4X2P"


def test_booked_call_bar_counts_down_and_checks_the_identity(
    qtbot, engine: Engine, fake_time, screenshots: Path
) -> None:
    from zoneinfo import ZoneInfo

    from advisor_app.call.listener import CallPhase
    from advisor_app.domain.booking_rules import appointment_times
    from tests.ui import demo_data
    from ui.advisor_clock import AdvisorClock
    from ui.call.booked_bar import BookedCallBar
    from ui.call.booked_call import BookedCallController
    from ui.call.identity_check import IdentityState
    from ui.call.launch import open_call_window
    from ui.engine_calls import EngineCalls

    clock = AdvisorClock(ZoneInfo("Europe/Berlin"), local_now=fake_time)
    booking = next(b for b in demo_data.bookings() if b.confirmed_slot is not None)
    times = appointment_times(booking)
    assert times is not None
    fake_time.now = times.end - timedelta(minutes=6, seconds=30)
    opened = open_call_window(None, engine, booking.alias, booking.age, clock=clock)
    bar = BookedCallBar(booking.alias)
    opened.window.add_strip(bar)
    desk = CheckingDesk()
    controller = BookedCallController(
        bar, opened, booking=booking, times=times, clock=clock, calls=EngineCalls(engine),
        desk=desk,  # type: ignore[arg-type]
        platform=None,  # type: ignore[arg-type]  # records only for an attached call: none here
    )  # fmt: skip
    assert bar.time_left.text() == "6:30"
    assert bar.time_left.property("tone") == ""
    assert bar.identity.state is IdentityState.WAITING
    opened.listener.phase_changed(CallPhase.IN_CALL, None)
    qtbot.waitUntil(lambda: bar.identity.state is IdentityState.ASKING)

    qtbot.keyClicks(bar.identity.code, "K7QM-4X2B")
    qtbot.keyClick(bar.identity.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.identity.state is IdentityState.FAILED, timeout=5_000)
    assert bar.identity.end_unverified.isVisible()
    shot(screenshots, opened.window, "identity-wrong")

    bar.identity.code.clear()
    qtbot.keyClicks(bar.identity.code, "k7qm4x2p")
    bar.identity.check.click()
    qtbot.waitUntil(lambda: bar.identity.state is IdentityState.VERIFIED, timeout=5_000)
    assert not bar.identity.end_unverified.isVisible()
    assert desk.codes == ["K7QM-4X2B", "k7qm4x2p"]

    fake_time.now = times.end - timedelta(seconds=50)
    controller.tick()
    opened.listener.booked_end_near(1, times.end)
    banner = opened.window.banner
    qtbot.waitUntil(lambda: banner.text.text().startswith("1 minute left"))
    assert banner.text.text() == f"1 minute left: the call ends at {clock.moment(times.end)}."
    assert bar.time_left.text() == "0:50"
    assert bar.time_left.property("tone") == "urgent"
    shot(screenshots, opened.window, "call")
    opened.window.set_closable(True)
    opened.window.close()
