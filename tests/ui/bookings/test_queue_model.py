"""The booking queue table: columns, sorting by raw values, state filter, search, details."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from advisor_app.domain.models import Booking, BookingState
from tests.ui import demo_data
from ui.advisor_clock import AdvisorClock
from ui.bookings.details import BookingDetails
from ui.bookings.queue_model import (
    BOOKING_ROLE,
    BookingQueueFilter,
    BookingQueueModel,
    Column,
    StateFilter,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def clock() -> AdvisorClock:
    return AdvisorClock(BERLIN, local_now=lambda: demo_data.NOW)


@pytest.fixture
def model(clock: AdvisorClock) -> BookingQueueModel:
    queue = BookingQueueModel(clock)
    queue.set_bookings(demo_data.bookings())
    return queue


@pytest.fixture
def proxy(model: BookingQueueModel) -> BookingQueueFilter:
    view = BookingQueueFilter()
    view.setSourceModel(model)
    return view


def aliases(proxy: BookingQueueFilter) -> list[str]:
    return [proxy.index(row, Column.ALIAS).data() for row in range(proxy.rowCount())]


def test_the_model_passes_qts_model_checks(qtmodeltester: ModelTester, clock) -> None:
    queue = BookingQueueModel(clock)
    qtmodeltester.check(queue)
    queue.set_bookings(demo_data.bookings())
    qtmodeltester.check(queue)


def test_columns_show_alias_age_when_duration_state_paid(model: BookingQueueModel) -> None:
    row = model.row_of("bkg_2")  # Lea, confirmed at NOW + 2.5 h = 12:00 UTC = 13:00 CET
    assert row is not None
    texts = [model.index(row, c).data() for c in Column]
    assert texts == ["Lea", "29", "Sat 21 Nov, 13:00 CET", "30 min", "Confirmed", "Paid"]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == ["Customer", "Age", "When", "Duration", "State", "Paid"]


def test_when_is_the_first_wished_slot_of_an_unconfirmed_request(model: BookingQueueModel) -> None:
    row = model.row_of("bkg_1")  # Jonas: wished NOW + 26 h, 50 h, 74 h
    assert model.index(row, Column.WHEN).data() == "Sun 22 Nov, 12:30 CET"
    assert model.index(row, Column.STATE).data() == "Request"
    assert model.index(row, Column.PAID).data() == "Not paid"


def test_sorting_uses_times_and_numbers_not_text(proxy: BookingQueueFilter) -> None:
    proxy.sort(Column.WHEN, Qt.SortOrder.AscendingOrder)
    assert aliases(proxy) == ["Karin", "Tom", "Lea", "Ben", "Jonas", "Sophie"]
    proxy.sort(Column.AGE, Qt.SortOrder.DescendingOrder)
    assert aliases(proxy) == ["Karin", "Sophie", "Jonas", "Tom", "Lea", "Ben"]
    proxy.sort(Column.DURATION, Qt.SortOrder.AscendingOrder)
    assert aliases(proxy)[0] == "Ben"
    assert aliases(proxy)[-1] == "Sophie"
    proxy.sort(Column.ALIAS, Qt.SortOrder.AscendingOrder)
    assert aliases(proxy) == sorted(aliases(proxy), key=str.casefold)


@pytest.mark.parametrize(
    ("state_filter", "expected"),
    [
        (StateFilter.ALL, {"Jonas", "Lea", "Sophie", "Ben", "Karin", "Tom"}),
        (StateFilter.REQUESTS, {"Jonas", "Ben"}),
        (StateFilter.CONFIRMED, {"Lea", "Sophie"}),
        (StateFilter.PAST, {"Karin", "Tom"}),
    ],
)
def test_state_filter(proxy: BookingQueueFilter, state_filter: StateFilter, expected) -> None:
    proxy.set_state_filter(state_filter)
    assert set(aliases(proxy)) == expected


def test_search_looks_at_alias_and_request_text(proxy: BookingQueueFilter) -> None:
    proxy.set_search("lea")
    assert aliases(proxy) == ["Lea"]
    proxy.set_search("  SELBSTSTÄNDIGKEIT ")
    assert aliases(proxy) == ["Jonas"]
    proxy.set_state_filter(StateFilter.PAST)
    assert aliases(proxy) == []
    proxy.set_search("")
    assert set(aliases(proxy)) == {"Karin", "Tom"}


def test_a_new_snapshot_replaces_the_rows(model: BookingQueueModel, proxy, qtbot) -> None:
    only = dataclasses.replace(demo_data.bookings()[0], state=BookingState.DECLINED)
    with qtbot.waitSignal(model.modelReset):
        model.set_bookings((only,))
    assert model.rowCount() == 1
    proxy.set_state_filter(StateFilter.PAST)
    assert aliases(proxy) == ["Jonas"]
    assert proxy.index(0, 0).data(BOOKING_ROLE) == only
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert model.data(QModelIndex()) is None


def _booking(model: BookingQueueModel, booking_id: str) -> Booking:
    row = model.row_of(booking_id)
    assert row is not None
    return model.booking_at(row)


def test_details_show_request_text_slots_duration_paid_state(
    qtbot, model: BookingQueueModel, clock: AdvisorClock
) -> None:
    details = BookingDetails(clock)
    qtbot.addWidget(details)
    details.show_booking(_booking(model, "bkg_1"))
    assert details.title.text() == "Jonas, 41"
    assert details.state.text() == "Request"
    assert details.request_text.toPlainText().startswith("Seit dem Umzug")
    assert details.wished.text().splitlines() == [
        "Sun 22 Nov, 12:30 CET",
        "Mon 23 Nov, 12:30 CET",
        "Tue 24 Nov, 12:30 CET",
    ]
    assert details.duration.text() == "45 min"
    assert details.paid.text() == "Not paid yet"
    assert not details.countdown.isVisibleTo(details)
    assert not details.slot.isVisibleTo(details)


def test_details_of_a_confirmed_booking_count_down_on_the_server_clock(
    qtbot, model: BookingQueueModel
) -> None:
    now = [demo_data.NOW]
    clock = AdvisorClock(BERLIN, local_now=lambda: now[0])
    details = BookingDetails(clock)
    qtbot.addWidget(details)
    details.show_booking(_booking(model, "bkg_2"))  # confirmed at NOW + 2.5 h
    assert details.slot.text() == "Sat 21 Nov, 13:00 CET"
    assert details.paid.text() == "Paid"
    assert details.countdown.isVisibleTo(details)
    assert details.countdown.text() == "Starts in 2 h 30 min"
    clock.offset_seconds = 600  # the platform is 10 minutes ahead of this desktop
    details.refresh_times()
    assert details.countdown.text() == "Starts in 2 h 20 min"
    now[0] = demo_data.NOW.replace(hour=12, minute=5)
    details.refresh_times()
    assert details.countdown.text() == "Started 15 min ago"


def test_times_follow_the_advisors_zone(model: BookingQueueModel) -> None:
    tokyo = AdvisorClock(ZoneInfo("Asia/Tokyo"), local_now=lambda: demo_data.NOW)
    in_tokyo = BookingQueueModel(tokyo)
    in_tokyo.set_bookings(demo_data.bookings())
    row = in_tokyo.row_of("bkg_2")
    assert in_tokyo.index(row, Column.WHEN).data() == "Sat 21 Nov, 21:00 JST"
