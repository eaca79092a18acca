"""The login dialog as a view: Enter submits, obvious mistakes are caught, busy locks the form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ui.login_dialog import LoginDialog


def make(qtbot) -> LoginDialog:
    dialog = LoginDialog("Platform: https://platform.test")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_enter_in_the_password_submits(qtbot) -> None:
    dialog = make(qtbot)
    qtbot.keyClicks(dialog.email, " anna@example.com ")
    qtbot.keyClicks(dialog.password, "pw")
    with qtbot.waitSignal(dialog.sign_in_requested) as asked:
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert asked.args == ["anna@example.com", "pw", False]


def test_missing_fields_are_named_and_nothing_is_sent(qtbot) -> None:
    dialog = make(qtbot)
    with qtbot.assertNotEmitted(dialog.sign_in_requested):
        dialog.sign_in.click()
    assert "email address" in dialog.error.text()
    qtbot.keyClicks(dialog.email, "anna@example.com")
    assert not dialog.error.isVisibleTo(dialog)  # typing clears the old error
    with qtbot.assertNotEmitted(dialog.sign_in_requested):
        dialog.sign_in.click()
    assert dialog.error.text() == "Please enter your password."


def test_busy_locks_the_form_and_ignores_a_second_submit(qtbot) -> None:
    dialog = make(qtbot)
    dialog.prefill("anna@example.com", remember=True)
    qtbot.keyClicks(dialog.password, "pw")
    dialog.set_busy(True)
    assert not dialog.email.isEnabled()
    assert not dialog.password.isEnabled()
    assert dialog.sign_in.text() == "Signing in…"
    assert dialog.progress.isVisibleTo(dialog)
    with qtbot.assertNotEmitted(dialog.sign_in_requested):
        dialog.submit()
    dialog.set_busy(False)
    with qtbot.waitSignal(dialog.sign_in_requested) as asked:
        dialog.submit()
    assert asked.args == ["anna@example.com", "pw", True]


def test_focus_order_and_accessible_names(qtbot) -> None:
    dialog = make(qtbot)
    order = [dialog.email]
    for _ in range(3):
        order.append(order[-1].nextInFocusChain())
        while not (order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus):
            order[-1] = order[-1].nextInFocusChain()
    assert order == [dialog.email, dialog.password, dialog.remember, dialog.sign_in]
    for widget in (dialog.email, dialog.password, dialog.remember, dialog.sign_in):
        assert isinstance(widget, QWidget)
        assert widget.accessibleName()


def test_escape_or_close_asks_to_quit(qtbot) -> None:
    dialog = make(qtbot)
    with qtbot.waitSignal(dialog.quit_requested):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    with qtbot.waitSignal(dialog.quit_requested):
        dialog.close()
