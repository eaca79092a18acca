"""Signing in and out, and closing: the login dialog, the main window and the desk agree."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from advisor_app.domain.models import Account
from network.errors import NetworkUnreachable, NotSignedIn
from tests.ui import demo_data
from tests.ui.fake_desk import ADVISOR, FakeDesk
from tests.ui.gui_helpers import desk_of, report, sign_in
from ui.application import AdvisorGui, GuiOptions


def test_without_credentials_the_login_dialog_shows(gui: AdvisorGui) -> None:
    gui.start()
    assert gui.login.isVisible()
    assert not gui.window.isVisible()
    assert desk_of(gui).calls == []


def test_signing_in_through_the_dialog_shows_the_window_with_the_name(
    gui: AdvisorGui, qtbot
) -> None:
    signed: list[Account] = []
    gui.session._on_signed_in = signed.append
    gui.start()
    qtbot.keyClicks(gui.login.email, "anna@example.com")
    qtbot.keyClicks(gui.login.password, "correct horse")
    gui.login.remember.setChecked(True)
    with qtbot.waitSignal(gui.session.signed_in, timeout=5000):
        qtbot.keyClick(gui.login.password, Qt.Key.Key_Return)
        assert gui.login.busy
        assert not gui.login.sign_in.isEnabled()
    assert desk_of(gui).called("sign_in") == [("anna@example.com", "correct horse", True)]
    assert gui.window.isVisible()
    assert not gui.login.isVisible()
    assert gui.window.advisor_name.text() == "Anna Berger"
    assert gui.login.password.text() == ""  # the password does not linger in memory widgets
    assert signed == [ADVISOR]


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (NotSignedIn("wrong email or password"), "Wrong email or password."),
        (
            NetworkUnreachable(),
            "Platform unreachable. Check your internet connection and try again.",
        ),
    ],
)
def test_a_failed_sign_in_says_why_and_lets_the_advisor_retry(
    gui: AdvisorGui, qtbot, failure: Exception, message: str
) -> None:
    desk_of(gui).failures["sign_in"] = failure
    gui.start()
    gui.login.prefill("anna@example.com")
    qtbot.keyClicks(gui.login.password, "nope")
    with qtbot.waitSignal(gui.calls.busy_changed, check_params_cb=lambda busy: not busy):
        gui.login.sign_in.click()
    assert gui.login.error.isVisibleTo(gui.login)
    assert gui.login.error.text() == message
    assert gui.login.sign_in.isEnabled()
    assert not gui.window.isVisible()


def test_demo_credentials_sign_in_without_the_dialog(
    qtbot, engine, ringer, options: GuiOptions
) -> None:
    options = dataclasses.replace(options, demo_email="demo@advisor.test", demo_password="demo")
    gui = AdvisorGui(engine, _desk, options, ringer=ringer)
    with qtbot.waitSignal(gui.session.signed_in, timeout=5000):
        gui.start()
    assert desk_of(gui).called("sign_in") == [("demo@advisor.test", "demo", False)]
    assert gui.window.isVisible()
    with qtbot.waitSignal(gui.session.finished, timeout=5000):
        gui.session.quit()
    gui.close()


def test_a_remembered_email_signs_in_silently(qtbot, engine, ringer, options: GuiOptions) -> None:
    options = dataclasses.replace(options, remembered_email="anna@example.com")
    gui = AdvisorGui(engine, _desk, options, ringer=ringer)
    with qtbot.waitSignal(gui.session.signed_in, timeout=5000):
        gui.start()
    assert desk_of(gui).called("restore") == [("anna@example.com",)]
    assert gui.window.isVisible()
    with qtbot.waitSignal(gui.session.finished, timeout=5000):
        gui.session.quit()
    gui.close()


def test_a_forgotten_sign_in_falls_back_to_the_dialog(
    qtbot, engine, ringer, options: GuiOptions
) -> None:
    options = dataclasses.replace(options, remembered_email="anna@example.com")
    gui = AdvisorGui(
        engine, lambda listener: _desk(listener, restored=None), options, ringer=ringer
    )
    with qtbot.waitSignal(gui.calls.busy_changed, check_params_cb=lambda busy: not busy):
        gui.start()
    assert gui.login.isVisible()
    assert not gui.login.busy
    assert gui.login.email.text() == "anna@example.com"
    assert gui.login.notice.text() == "Please sign in again."
    assert not gui.window.isVisible()
    with qtbot.waitSignal(gui.session.finished, timeout=5000):
        gui.session.quit()
    gui.close()


def test_signed_out_by_the_platform_brings_back_the_login_with_the_reason(
    gui: AdvisorGui, qtbot, engine
) -> None:
    sign_in(gui, qtbot)
    reason = "Your sign-in is no longer valid. Please sign in again."
    with qtbot.waitSignal(gui.session.signed_out, timeout=5000) as ended:
        engine.call_soon(gui.bridge.signed_out, reason)
    assert ended.args == [reason]
    assert not gui.window.isVisible()
    assert gui.login.isVisible()
    assert gui.login.notice.text() == reason


def test_log_out_signs_out_on_the_platform_and_shows_the_login(gui: AdvisorGui, qtbot) -> None:
    sign_in(gui, qtbot)
    with qtbot.waitSignal(gui.session.signed_out, timeout=5000):
        gui.window.log_out_action.trigger()
    assert desk_of(gui).called("sign_out") == [()]
    assert gui.login.isVisible()
    assert not gui.window.isVisible()


def test_closing_the_window_shuts_the_desk_down_and_finishes(gui: AdvisorGui, qtbot) -> None:
    sign_in(gui, qtbot)
    with qtbot.waitSignal(gui.session.finished, timeout=5000):
        gui.window.close()
    assert desk_of(gui).called("shutdown") == [()]
    assert desk_of(gui).called("sign_out") == []  # closing keeps the sign-in for next time
    assert not gui.window.isVisible()


def test_quit_shortcut_is_ctrl_q(gui: AdvisorGui) -> None:
    assert gui.window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_a_session_ended_clears_cards_and_bookings(gui: AdvisorGui, qtbot, engine) -> None:
    sign_in(gui, qtbot)
    report(
        qtbot,
        engine,
        gui.bridge.call_requests_updated,
        gui.bridge.call_requests_changed,
        (demo_data.request(),),
    )
    report(
        qtbot,
        engine,
        gui.bridge.bookings_updated,
        gui.bridge.bookings_changed,
        demo_data.bookings(),
    )
    with qtbot.waitSignal(gui.session.signed_out, timeout=5000):
        engine.call_soon(gui.bridge.signed_out, "Signed out")
    assert gui.window.live_requests.cards() == []
    assert gui.main.bookings.model.rowCount() == 0


def _desk(listener, restored: Account | None = ADVISOR):
    desk = FakeDesk(listener)
    desk.restored = restored
    return desk
