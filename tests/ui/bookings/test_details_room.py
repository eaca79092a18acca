"""The details pane keeps its buttons in view: the request text takes the room that is left.

At 150 % (1280x720 logical) the pane is about 300x540. With a wrapped line in it (the hint under
*Call now*) the page scrolls by its height-for-width, which counted the request text at its
preferred 190 px: the page was ~600 px tall and *Call now* sat below the edge.
"""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from tests.ui import demo_data
from ui.advisor_clock import AdvisorClock
from ui.application import STYLESHEET
from ui.bookings.details import BookingDetails

BERLIN = ZoneInfo("Europe/Berlin")
HINT = "Call opens 10 minutes before the appointment, at 12:50 CET."


def details_pane(qtbot: QtBot, width: int, height: int) -> BookingDetails:
    """Lea's confirmed appointment with the app's stylesheet, *Call now* not yet open."""
    details = BookingDetails(AdvisorClock(BERLIN, local_now=lambda: demo_data.NOW))
    qtbot.addWidget(details)
    details.setStyleSheet(STYLESHEET.read_text(encoding="utf-8"))  # its paddings count
    details.resize(width, height)
    details.show()
    lea = next(b for b in demo_data.bookings() if b.alias == "Lea")
    details.show_booking(dataclasses.replace(lea, request_text="Ich möchte reden. " * 40))
    details.answers.show_call(False, HINT)
    qtbot.waitExposed(details)
    return details


def page_scroll(details: BookingDetails) -> QScrollArea:
    area = details.findChild(QScrollArea, "pageScroll")
    assert area is not None
    return area


def settled() -> None:
    """Runs the layout requests the scroll area answers by resizing its page (no waiting)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_call_now_and_its_hint_stay_in_view_beside_a_long_request(qtbot: QtBot) -> None:
    details = details_pane(qtbot, 296, 540)
    settled()
    area = page_scroll(details)
    assert area.widget().height() <= area.viewport().height(), "the page scrolls"
    hint = details.answers.call_hint
    bottom = hint.mapTo(area.viewport(), hint.rect().bottomLeft()).y()
    assert details.answers.call.isVisible()
    assert bottom <= area.viewport().height(), f"the hint ends at {bottom}"
    assert details.request_text.height() >= 5 * details.request_text.fontMetrics().lineSpacing()


def test_a_short_pane_scrolls_rather_than_squash_the_request(qtbot: QtBot) -> None:
    details = details_pane(qtbot, 296, 300)
    settled()
    assert page_scroll(details).verticalScrollBar().maximum() > 0
    assert details.request_text.height() >= 5 * details.request_text.fontMetrics().lineSpacing()
