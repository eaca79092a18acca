"""The customer page in a real Chromium against a real platform (and a real aiortc advisor).

Screenshots of every state land in the test's own folder (page-*.png) for a human look.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, expect

from network.control_channel import Notice
from network.notices import COUNTDOWN_FORM, COUNTING_DOWN, NoticeCode, notice, sentence
from platform_server.testing import RunningPlatform
from tests.platform_server.page_helpers import (
    AdvisorRest,
    CustomerPage,
    aiortc_advisor,
    page_state,
    ring_live_request,
    wait_for_state,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(60)]

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[2]
SOME_SECONDS = re.compile(r"^[1-9]\d*$")


def instant(timestamp: str) -> datetime:
    """A wire timestamp (UTC, `Z`) as an aware datetime."""
    assert timestamp.endswith("Z"), timestamp
    return datetime.fromisoformat(timestamp[:-1] + "+00:00")


def test_page_lists_the_demo_advisor_with_live_presence(
    customer_page: CustomerPage,
    advisor_rest: AdvisorRest,
    browser: Browser,
    platform: RunningPlatform,
) -> None:
    page = customer_page.page
    item = customer_page.by(f"advisor-{advisor_rest.id}")
    expect(item).to_contain_text("Offline")
    expect(customer_page.by("live-call")).to_be_disabled()
    customer_page.shot("home-offline")

    advisor_rest.set_presence("online")
    expect(item).to_contain_text("Online")
    expect(customer_page.by("selected-presence")).to_have_text("Online")
    expect(customer_page.by("live-call")).to_be_enabled()
    advisor_rest.set_presence("busy")
    expect(customer_page.by("selected-presence")).to_have_text("Im Gespräch")
    expect(customer_page.by("live-call")).to_be_disabled()

    # Every button says what it does, for eyes and for screen readers.
    unnamed = page.evaluate(
        "() => [...document.querySelectorAll('button')].filter(b => !b.textContent.trim()).length"
    )
    assert unnamed == 0

    # A reload keeps the same guest account (and so the same bookings).
    account = page_state(page)["accountId"]
    page.reload()
    assert wait_for_state(page, lambda s: s["phase"] != "loading")["accountId"] == account

    narrow = CustomerPage(browser, platform.customer_url, customer_page.shots, width=360)
    overflow = narrow.page.evaluate("() => document.documentElement.scrollWidth")
    narrow.shot("home-360")
    narrow.close()
    assert overflow <= 360
    assert narrow.console.errors == []


def test_live_request_reaches_the_advisor_and_a_decline_is_explained(
    customer_page: CustomerPage, advisor_rest: AdvisorRest
) -> None:
    advisor_rest.set_presence("online")
    expect(customer_page.by("live-call")).to_be_enabled()
    customer_page.fill_profile("live", "Kim", 34)
    customer_page.by("live-call").click()
    expect(customer_page.by("live-waiting")).to_contain_text("Warte auf Annahme")
    customer_page.shot("waiting")

    ringing = wait_until(advisor_rest.ringing_requests, what="the live request at the advisor")
    assert (ringing[0]["alias"], ringing[0]["age"]) == ("Kim", 34)
    advisor_rest.call(
        "POST", f"/call-requests/{ringing[0]['id']}/decline", {"reason": "Gleich ein Termin"}
    )

    expect(customer_page.by("live-result")).to_contain_text("abgelehnt")
    expect(customer_page.by("live-result-text")).to_contain_text("Gleich ein Termin")
    assert page_state(customer_page.page)["phase"] == "declined"
    customer_page.shot("declined")

    # "Erneut versuchen" sends a new request, which the customer can cancel while it rings.
    customer_page.by("live-retry").click()
    expect(customer_page.by("live-waiting")).to_be_visible()
    second = wait_until(advisor_rest.ringing_requests, what="the second request")[0]
    customer_page.by("live-cancel").click()
    expect(customer_page.by("live-message")).to_contain_text("abgebrochen")
    assert advisor_rest.call("GET", f"/call-requests/{second['id']}")["state"] == "cancelled"


def test_an_unanswered_request_times_out_with_a_clear_message(
    browser: Browser, tmp_path: Path
) -> None:
    # Access tokens live 2 s here, so the request also proves the refresh on `token_expired`.
    with RunningPlatform(tmp_path / "quick", ring_timeout=1.0, access_ttl=2) as platform:
        page = CustomerPage(browser, platform.customer_url, tmp_path)
        rest = AdvisorRest(platform.base_url, platform.login_advisor())
        try:
            rest.set_presence("online")
            page.fill_profile("live", "Kim", 34)
            page.page.wait_for_timeout(2500)
            page.by("live-call").click()
            expect(page.by("live-waiting")).to_be_visible()
            expect(page.by("live-result-title")).to_have_text("Keine Antwort", timeout=8000)
            assert page_state(page.page)["phase"] == "timed_out"
            page.shot("timed-out")
            page.by("live-book-instead").click()
            expect(page.by("booking-form")).to_be_visible()
            expect(page.by("booking-alias")).to_have_value("Kim")
        finally:
            page.close()
            rest.close()
        assert page.console.errors == []


def book_confirmed_paid_slot(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, alias: str
) -> dict[str, Any]:
    """Through the page: a booking request, confirmed by the advisor and paid by the customer.

    The slot starts in 7 to 8 minutes, so the booked call may start at once (10 minutes before).
    """
    slot = (datetime.now(BERLIN) + timedelta(minutes=8)).replace(second=0, microsecond=0)
    customer_page.by("tab-booking").click()
    customer_page.fill_profile("booking", alias, 29)
    customer_page.by("booking-slot-1").fill(slot.strftime("%Y-%m-%dT%H:%M"))
    customer_page.by("booking-submit").click()
    expect(customer_page.by("booking-state")).to_have_text("Angefragt – wartet auf Bestätigung")
    booking = next(b for b in advisor_rest.bookings() if b["alias"] == alias)
    advisor_rest.call(
        "POST", f"/bookings/{booking['id']}/confirm", {"slot": booking["wished_slots"][0]}
    )
    customer_page.by("booking-pay").click()
    expect(customer_page.by("booking-paid")).to_have_text("Bezahlt ✓")
    return booking


def test_booking_reaches_the_advisor_exactly_and_the_confirmation_shows_the_code(
    customer_page: CustomerPage, advisor_rest: AdvisorRest
) -> None:
    day = (datetime.now(BERLIN) + timedelta(days=9)).date()
    wished_local = [
        datetime(day.year, day.month, day.day, h, m, tzinfo=BERLIN) for h, m in ((10, 30), (17, 0))
    ]
    expected_slots = [
        w.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ") for w in wished_local
    ]
    request_text = "Ich möchte über eine berufliche Entscheidung sprechen.\nZweite Zeile."

    customer_page.by("tab-booking").click()
    customer_page.fill_profile("booking", "Lena", 41)
    for index, wished in enumerate(wished_local, start=1):
        customer_page.by(f"booking-slot-{index}").fill(wished.strftime("%Y-%m-%dT%H:%M"))
    customer_page.by("booking-duration").select_option("45")
    customer_page.by("booking-text").fill(request_text)
    customer_page.shot("booking-form")
    customer_page.by("booking-submit").click()
    expect(customer_page.by("booking-message")).to_contain_text("angekommen")
    expect(customer_page.by("booking-state")).to_have_text("Angefragt – wartet auf Bestätigung")

    booking = next(b for b in advisor_rest.bookings() if b["alias"] == "Lena")
    assert booking["age"] == 41
    # The same instants (the platform may write them with milliseconds).
    assert [instant(s) for s in booking["wished_slots"]] == wished_local
    assert booking["duration_minutes"] == 45
    assert booking["request_text"] == request_text.strip()
    assert "confirmation_code" not in booking

    advisor_rest.call("POST", f"/bookings/{booking['id']}/confirm", {"slot": expected_slots[1]})
    item = customer_page.page.locator(f"[data-booking-id='{booking['id']}']")
    expect(item.get_by_test_id("booking-state")).to_have_text("Bestätigt")
    expect(item.get_by_test_id("booking-slot")).to_contain_text("17:00")
    code = item.get_by_test_id("booking-code").inner_text().strip()
    assert code
    assert (
        advisor_rest.call("POST", f"/bookings/{booking['id']}/verify", {"code": code})["valid"]
        is True
    )

    item.get_by_test_id("booking-pay").click()
    expect(item.get_by_test_id("booking-paid")).to_have_text("Bezahlt ✓")
    assert next(b for b in advisor_rest.bookings() if b["id"] == booking["id"])["paid"] is True
    customer_page.shot("booking-confirmed")


def test_live_call_with_an_aiortc_advisor(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, platform: RunningPlatform
) -> None:
    page = customer_page.page
    request = ring_live_request(customer_page, advisor_rest)

    with aiortc_advisor(platform.base_url, advisor_rest.token) as peer:
        call_id = advisor_rest.call("POST", f"/call-requests/{request['id']}/accept", {})["call_id"]
        peer.answer(call_id)
        state = wait_for_state(
            page,
            lambda s: (
                s["connectionState"] == "connected" and s["framesDecoded"] > 0 and s["securityCode"]
            ),
            timeout=20,
        )
        assert state["phase"] == "in_call"
        assert state["callId"] == call_id
        assert state["securityCode"] == peer.security_code()
        expect(customer_page.by("security-code")).to_have_text(peer.security_code())
        wait_for_state(page, lambda s: s["audioBytesReceived"] > 0 and not s["remoteCameraOff"])
        expect(customer_page.by("remote-video")).to_be_visible()
        wait_until(
            lambda: peer.channel is not None and peer.channel.readyState == "open", what="channel"
        )

        peer.send_control({"v": 1, "type": "chat", "text": "Guten Tag, Kim!"})
        wait_for_state(page, lambda s: s["lastChat"] == "Guten Tag, Kim!")
        customer_page.by("chat-input").fill("Hallo!")
        customer_page.by("chat-send").click()
        wait_until(lambda: {"v": 1, "type": "chat", "text": "Hallo!"} in peer.control, what="chat")
        customer_page.shot("call", full_page=False)
        page.set_viewport_size({"width": 360, "height": 760})
        customer_page.shot("call-360")
        page.set_viewport_size({"width": 1280, "height": 860})

        customer_page.by("toggle-camera").click()
        wait_until(
            lambda: {"v": 1, "type": "camera", "on": False} in peer.control, what="camera off"
        )
        expect(customer_page.by("toggle-camera")).to_have_text("Kamera an")
        peer.send_control({"v": 1, "type": "camera", "on": False})
        wait_for_state(page, lambda s: s["remoteCameraOff"])
        expect(customer_page.by("remote-tile")).to_be_visible()
        expect(customer_page.by("remote-video")).to_be_hidden()
        peer.send_control({"v": 1, "type": "video_request", "on": False, "reason": "bandwidth"})
        expect(customer_page.by("call-banner")).to_have_text(
            "Video pausiert: Verbindung zu langsam"
        )
        customer_page.shot("call-audio-only", full_page=False)

        # Billed from both sides' first media (heartbeats): hang up once a second is billed.
        wait_until(
            lambda: (
                (started := advisor_rest.call("GET", f"/calls/{call_id}")["started_at"])
                and (datetime.now(UTC) - instant(started)).total_seconds() > 1.2
            ),
            what="a billed second",
        )
        customer_page.by("hangup").click()
        wait_until(lambda: peer.signals_of(call_id, "hangup"), what="the hangup signal")
        expect(customer_page.by("call-ended")).to_contain_text("Gespräch beendet")
        expect(customer_page.by("ended-billed")).to_have_attribute(
            "data-billed-seconds", SOME_SECONDS
        )
        customer_page.shot("call-ended", full_page=False)

    call = advisor_rest.call("GET", f"/calls/{call_id}")
    assert (call["state"], call["ended_by"], call["end_reason"]) == ("ended", "customer", "hangup")
    assert call["billed_seconds"] >= 1
    assert page_state(page)["billedSeconds"] == call["billed_seconds"]
    customer_page.by("back-home").click()
    expect(customer_page.by("home")).to_be_visible()


def test_booked_call_rings_on_the_page_and_the_advisor_hangs_up(
    customer_page: CustomerPage, advisor_rest: AdvisorRest, platform: RunningPlatform
) -> None:
    page = customer_page.page
    booking = book_confirmed_paid_slot(customer_page, advisor_rest, "Mara")
    code = customer_page.by("booking-code").inner_text().strip()

    with aiortc_advisor(platform.base_url, advisor_rest.token) as peer:
        call_id = advisor_rest.call("POST", f"/bookings/{booking['id']}/call", {})["id"]
        peer.offer(call_id)
        expect(customer_page.by("incoming-call")).to_be_visible()
        expect(customer_page.by("incoming-call")).to_contain_text("ruft an")
        expect(customer_page.by("incoming-call")).to_contain_text(code)
        assert page_state(page)["phase"] == "incoming"
        assert page_state(page)["speakers"] == "closed"  # ringing: no click yet
        customer_page.shot("incoming", full_page=False)
        # Keyboard only: the dialog focuses "Annehmen", and Tab stays inside the dialog.
        expect(customer_page.by("incoming-accept")).to_be_focused()
        page.keyboard.press("Tab")
        expect(customer_page.by("incoming-decline")).to_be_focused()
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")

        peer.accept_answer(call_id)
        state = wait_for_state(
            page,
            lambda s: (
                s["connectionState"] == "connected" and s["framesDecoded"] > 0 and s["securityCode"]
            ),
            20,
        )
        assert state["securityCode"] == peer.security_code()
        # Answering (a key press) opened the speakers ahead of the advisor's sound.
        assert state["speakers"] == "running"
        expect(customer_page.by("call-booking-code")).to_have_text(code)
        wait_until(lambda: peer.channel.readyState == "open", what="the control channel")
        # The app's notices come as codes; the page words them in German, the state keeps both.
        countdown = {"code": "ending_too_slow", "params": {"seconds": 5}}
        german = "Die Verbindung ist selbst für Ton zu langsam: Der Anruf endet gleich. (5 s)"
        peer.send_control({"v": 1, "type": "notice", **countdown})
        expect(customer_page.by("call-banner")).to_have_text(german)
        state = page_state(page)
        assert (state["lastNotice"], state["lastNoticeShown"]) == ("ending_too_slow", german)
        # A code of a newer app is not shown (and the banner keeps what it said).
        peer.send_control({"v": 1, "type": "notice", "code": "sent_by_a_newer_app"})
        wait_for_state(page, lambda s: s["lastNotice"] == "sent_by_a_newer_app")
        expect(customer_page.by("call-banner")).to_have_text(german)

        # No frames for a while (no message): the page shows the tile, not a frozen picture.
        assert not page_state(page)["remoteCameraOff"]
        peer.stop_video()
        wait_for_state(page, lambda s: s["remoteCameraOff"], timeout=6)
        expect(customer_page.by("remote-tile")).to_be_visible()

        peer.send_signal(call_id, {"kind": "hangup", "reason": "hangup"})
        advisor_rest.call("POST", f"/calls/{call_id}/hangup", {"reason": "hangup"})
        expect(customer_page.by("ended-reason")).to_contain_text("hat das Gespräch beendet")
        expect(customer_page.by("ended-billed")).to_have_attribute(
            "data-billed-seconds", SOME_SECONDS
        )
        wait_for_state(page, lambda s: s["speakers"] == "closed", timeout=5)
        customer_page.shot("booked-call-ended")

    call = advisor_rest.call("GET", f"/calls/{call_id}")
    assert (call["kind"], call["ended_by"], call["state"]) == ("booked", "advisor", "ended")
    customer_page.by("back-home").click()
    item = page.locator(f"[data-booking-id='{booking['id']}']")
    expect(item.get_by_test_id("booking-state")).to_have_text("Abgeschlossen")


NOTICE_TEXT_SCRIPT = """async (notices) => {
    const { noticeText } = await import(new URL("texts.js", document.baseURI).href);
    return notices.map(noticeText);
}"""


def app_german(message: Notice) -> str:
    """What the advisor's app shows for `message` in German: its catalogue's translation."""
    catalogue = ET.parse(ROOT / "resources" / "translations" / "advisor_app_de.ts").getroot()
    german = {
        entry.findtext("source"): str(entry.findtext("translation"))
        for context in catalogue.iter("context")
        if context.findtext("name") == "CallQuality"
        for entry in context.iter("message")
    }
    code = NoticeCode(message.code)
    text = german[sentence(code)].format(**message.params)
    if code in COUNTING_DOWN:
        text = german[COUNTDOWN_FORM].format(reason=text, seconds=message.params["seconds"])
    return text


def test_the_page_words_every_notice_code_in_the_apps_own_german(
    customer_page: CustomerPage,
) -> None:
    notices = [notice(code, seconds=37) for code in NoticeCode]
    wire = [{"code": n.code, "params": dict(n.params)} for n in notices]
    shown = customer_page.page.evaluate(NOTICE_TEXT_SCRIPT, [*wire, {"code": "unknown_code"}])
    assert shown == [*(app_german(n) for n in notices), None]
