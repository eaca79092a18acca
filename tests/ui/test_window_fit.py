"""Windows that fit: placement from the available area, remembered places, growing dialogs,
Escape reaching a non-modal dialog, table columns cut only without room."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from tests.ui import demo_data
from tests.ui.demo_screens import show_a_working_day
from ui.application import AdvisorGui, configure_application
from ui.bookings.queue_model import Column
from ui.elision import ElidedLabel, is_cut
from ui.login_dialog import LoginDialog
from ui.settings.dialog import SettingsDialog
from ui.table_columns import CUT_FLOOR, share_widths
from ui.window_fit import FRAME, fits, place_window
from ui.window_memory import WindowMemory

SCREEN = QRect(0, 0, 1280, 720)


def test_a_preferred_size_that_fits_is_kept_and_centred() -> None:
    placed = place_window(QSize(800, 500), QSize(400, 300), SCREEN)
    assert placed.size() == QSize(800, 500)
    frame = placed.marginsAdded(FRAME)
    assert abs(frame.left() - (SCREEN.width() - frame.right() - 1)) <= 1
    assert fits(placed, SCREEN)


def test_a_window_larger_than_the_screen_gets_the_available_area() -> None:
    placed = place_window(QSize(1280, 800), QSize(900, 470), SCREEN)
    assert fits(placed, SCREEN)
    assert placed.size() == SCREEN.size().shrunkBy(FRAME)


def test_a_minimum_larger_than_the_screen_wins_and_starts_top_left() -> None:
    placed = place_window(QSize(1280, 800), QSize(1400, 500), SCREEN)
    assert placed.width() == 1400
    assert placed.marginsAdded(FRAME).left() == 0


def test_columns_share_room_the_cuttable_widest_first() -> None:
    wanted = {0: 96, 1: 53, 2: 176, 3: 89}
    assert share_widths(wanted, 500, cuttable=(2, 0), grows=0) == {0: 182, 1: 53, 2: 176, 3: 89}
    narrow = share_widths(wanted, 380, cuttable=(2, 0), grows=0)
    assert sum(narrow.values()) == 380
    assert narrow[1] == 53
    assert narrow[3] == 89
    assert narrow[2] < 176
    assert narrow[0] <= 96
    floor = share_widths(wanted, 100, cuttable=(2, 0), grows=0)
    assert floor[0] == CUT_FLOOR
    assert floor[2] == CUT_FLOOR


def test_a_remembered_place_is_used_only_where_it_still_fits(qtbot: QtBot, tmp_path: Path) -> None:
    memory = WindowMemory(tmp_path / "windows.json")
    available = QGuiApplication.primaryScreen().availableGeometry()
    window = QWidget()
    qtbot.addWidget(window)
    place = QRect(available.x() + 40, available.y() + 60, 420, 300)
    window.setGeometry(place)
    memory.remember(window, "main")

    again = QWidget()
    qtbot.addWidget(again)
    assert memory.restore(again, "main", QSize(640, 480))
    assert again.geometry() == place

    # Yesterday's second monitor (to the right) is gone today.
    window.setGeometry(QRect(available.right() + 200, 100, 420, 300))
    memory.remember(window, "main")
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    assert not memory.restore(elsewhere, "main", QSize(640, 480))
    assert fits(elsewhere.geometry(), available)

    # A place larger than this screen (a higher scaling now) is not used either.
    window.setGeometry(QRect(0, 40, available.width() + 300, 400))
    memory.remember(window, "main")
    too_big = QWidget()
    qtbot.addWidget(too_big)
    assert not memory.restore(too_big, "main", QSize(640, 480))
    assert too_big.width() <= available.width()


def test_a_broken_memory_file_is_ignored(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "windows.json"
    path.write_text('{"main": {"x": "left"}}')
    window = QWidget()
    qtbot.addWidget(window)
    assert not WindowMemory(path).restore(window, "main", QSize(500, 400))
    assert window.size() == QSize(500, 400)


def test_the_sign_in_dialog_grows_for_a_long_error(qtbot: QtBot, qapp: QApplication) -> None:
    configure_application(qapp)
    dialog = LoginDialog("Platform: https://platform.example.com")
    qtbot.addWidget(dialog)
    dialog.prefill("anna@example.com")
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.show_error(
        "Platform unreachable. Check your internet connection and try again. The app keeps "
        "trying in the background every few seconds."
    )
    qtbot.waitUntil(lambda: dialog.height() > before)
    for field in (dialog.email, dialog.password):
        qtbot.waitUntil(lambda f=field: f.height() >= f.sizeHint().height())
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())


def test_escape_closes_the_settings_opened_from_the_menu(qtbot: QtBot, gui: AdvisorGui) -> None:
    gui.window.show()
    qtbot.waitExposed(gui.window)
    gui.window.settings_action.trigger()
    dialog = gui.window.findChild(SettingsDialog)
    assert isinstance(dialog, SettingsDialog)
    # It opens in front with the keyboard: Escape reaches it, not the main window behind.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    focus = QApplication.focusWidget()
    assert focus is not None
    assert focus.window() is dialog
    qtbot.keyClick(focus, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_names_and_times_are_cut_only_without_room(qtbot: QtBot, gui: AdvisorGui) -> None:
    gui.window.show()
    qtbot.waitExposed(gui.window)
    show_a_working_day(gui, demo_data.NOW)  # 1280x800, as the app opens where there is room
    table = gui.window.bookings.table
    delegate = table.itemDelegate()
    assert isinstance(delegate, QStyledItemDelegate)

    def cut_cells() -> list[str]:
        found = []
        for row in range(table.model().rowCount()):
            for column in (Column.ALIAS, Column.WHEN):
                index = table.model().index(row, column)
                option = QStyleOptionViewItem()
                table.initViewItemOption(option)
                option.rect = table.visualRect(index)
                delegate.initStyleOption(option, index)
                if is_cut(option, table):
                    found.append(option.text)
        return found

    qtbot.waitUntil(lambda: not cut_cells(), timeout=3000)
    gui.window.resize(1000, gui.window.height())  # a narrow window: now times are cut…
    qtbot.waitUntil(lambda: bool(cut_cells()), timeout=3000)
    state = table.horizontalHeader().sectionSize(Column.STATE)
    assert state >= table.sizeHintForColumn(Column.STATE)  # …but never the state


def test_a_long_name_elides_and_says_itself_on_hover(qtbot: QtBot) -> None:
    label = ElidedLabel("Annabel Bergmann-Schwarzenberger")
    qtbot.addWidget(label)
    label.resize(80, 20)
    label.show()
    qtbot.waitUntil(lambda: label.elided)
    assert label.toolTip() == "Annabel Bergmann-Schwarzenberger"
    label.resize(600, 20)
    qtbot.waitUntil(lambda: not label.elided)
    assert label.toolTip() == ""
