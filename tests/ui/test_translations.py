"""Choosing the language, installing it, and translating the core's marked messages."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from advisor_app.domain.texts import N_, known_texts
from network.errors import NetworkUnreachable, ServerError
from tests.ui.conftest import BERLIN
from ui.advisor_clock import AdvisorClock
from ui.translations import (
    LANGUAGE_OVERRIDE_ENV,
    choose_language,
    core_text,
    current_language,
    format_number,
    install_translations,
)


@pytest.fixture
def english_again(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_translations(qapp, "en")
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def german(english_again: QApplication) -> QApplication:
    assert install_translations(english_again, "de") == "de"
    return english_again


def test_the_tests_run_in_english() -> None:
    assert current_language() == "en"
    assert QCoreApplication.translate("CallTexts", "Call ended") == "Call ended"


def test_language_follows_the_setting_else_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LANGUAGE_OVERRIDE_ENV, raising=False)
    german_system, french_system = QLocale("de_AT"), QLocale("fr_FR")
    assert choose_language("", german_system) == "de"
    assert choose_language("", french_system) == "en"  # no French catalogue: English
    assert choose_language("en", german_system) == "en"
    assert choose_language("de", french_system) == "de"
    assert choose_language("klingon", german_system) == "de"  # a bad setting follows the system
    monkeypatch.setenv(LANGUAGE_OVERRIDE_ENV, "en")
    assert choose_language("de", german_system) == "en"


def test_unknown_languages_are_refused(english_again: QApplication) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        install_translations(english_again, "fr")


def test_core_messages_come_out_in_german(german: QApplication) -> None:
    assert core_text(str(NetworkUnreachable())) == (
        "Die Plattform ist nicht erreichbar. Prüfen Sie die Internetverbindung."
    )
    # A template with values, and a value that is itself a marked message.
    nested = str(ServerError(str(NetworkUnreachable())))
    assert core_text(nested) == (
        "Die Plattform hat ein Problem: "
        "Die Plattform ist nicht erreichbar. Prüfen Sie die Internetverbindung."
    )
    relay = N_("HardwareCheck", "{host} relays calls.").format(host="turn.example.com")
    assert core_text(relay) == "turn.example.com leitet Anrufe weiter."
    assert core_text("Something the core never marked") == "Something the core never marked"


def test_core_messages_stay_english_in_english(english_again: QApplication) -> None:
    message = str(NetworkUnreachable())
    assert message in known_texts()
    assert core_text(message) == message


def test_dates_and_numbers_follow_the_language(german: QApplication) -> None:
    clock = AdvisorClock(BERLIN)
    when = datetime(2026, 11, 21, 13, 30, tzinfo=UTC)
    assert clock.moment(when) == "Sa. 21. Nov., 14:30 CET"
    assert format_number(1.5, 1) == "1,5"
    assert format_number(1234) == "1234"
    install_translations(german, "en")
    assert clock.moment(when) == "Sat 21 Nov, 14:30 CET"
    assert format_number(1.5, 1) == "1.5"
