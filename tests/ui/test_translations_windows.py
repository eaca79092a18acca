"""Every window of the app built in German shows German: no visible English left.

The windows come from `tests.ui.german_windows` (the real main window around a fake desk with
demo data, a call window with the booked-call bar, the settings dialog, the hardware wizard, the
login and answer dialogs). Each visible text must be one of the German catalogue's translations
(placeholders filled in with anything) or something that is not a word to translate: numbers,
times, names from the demo data, codes, addresses and the app's name.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from advisor_app.engine import Engine
from tests.ui.german_windows import GermanWindows, build_german_windows, visible_texts
from ui.translations import current_language, install_translations

CATALOGUE = Path(__file__).resolve().parents[2] / "resources/translations/advisor_app_de.ts"
PLACEHOLDER = re.compile(r"%\d|%n|\{\w+\}")

# Not words to translate: names and data the demo shows, codes, addresses, figures, the app's name,
# the languages named in their own words, and the customer's own chat message.
NOT_WORDS = [
    r"[^A-Za-zÄÖÜäöüß]*",  # numbers, times, symbols
    r"(Mia|Daniel|Jonas|Lea|Sophie|Ben|Karin|Tom|Anna \w+)(, \d+)?",
    r"[MDJLSBKT]",  # avatars' initials
    r"Advisor Desk|Deutsch|English|Chat|OK|Video|Offline|O&?nline|O&?ffline|Problem|Status",
    r"[\w.+-]+@[\w.-]+|https?://\S+|you@example\.com",
    r"(Mo|Di|Mi|Do|Fr|Sa|So)\. \d+\. \w+\.?, \d\d:\d\d \w+",  # a German date and time, zone named
    r"\d+ (min|h|s)( \d+ (min|s))?",  # durations
    r"Hallo! Hören Sie mich gut\?",
    r"Nach (links|rechts) scrollen",  # Qt's own German (qtbase_de), on the tab bar's buttons
]
# A mark in front (a step's verdict, an advice arrow) or a shortcut behind ("(Strg+D)").
DECORATION = re.compile(r"^[✓!✕–○→]\s*|\s*\((Strg|Ctrl)\+\w\)$")
NOT_WORD = re.compile("|".join(f"(?:{p})" for p in NOT_WORDS))


def _german_patterns() -> list[re.Pattern[str]]:
    """The catalogue's translations as patterns (placeholders match anything)."""
    root = ET.parse(CATALOGUE).getroot()
    patterns = []
    for message in root.iter("message"):
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.findall("numerusform")] or [
            translation.text or ""
        ]
        for form in forms:
            text = form.replace("&", "")
            literal = PLACEHOLDER.sub("", text)
            if sum(c.isalpha() for c in literal) < 3:
                continue  # "%1 s" would match anything
            parts = PLACEHOLDER.split(text)
            patterns.append(re.compile(".+?".join(re.escape(p) for p in parts), re.DOTALL))
    return patterns


GERMAN = _german_patterns()


def is_german(text: str) -> bool:
    text = text.replace("&", "").strip()
    for candidate in (text, DECORATION.sub("", text).strip()):
        if NOT_WORD.fullmatch(candidate) or any(p.fullmatch(candidate) for p in GERMAN):
            return True
    # Composed texts: lines, or parts joined by " · " or ": ".
    for separator in ("\n", " · ", ". ", ": ", "  "):
        parts = [p.strip() for p in text.split(separator) if p.strip()]
        if len(parts) > 1 and all(is_german(p) for p in parts):
            return True
    return False


@pytest.fixture
def german(qapp: QApplication, engine: Engine) -> Iterator[GermanWindows]:
    built = build_german_windows(qapp, engine)
    yield built
    built.close()
    install_translations(qapp, "en")
    QLocale.setDefault(QLocale.c())
    assert current_language() == "en"


def test_the_check_knows_english_when_it_sees_it() -> None:
    assert not is_german("Decline the call from Mia?")
    assert not is_german("Waiting for video…")
    assert is_german("Anruf von Mia ablehnen?")
    assert is_german("Sa. 21. Nov., 10:30 CET")


def test_every_window_in_german_shows_only_german(german: GermanWindows) -> None:
    english = []
    seen = 0
    for name, window in german.windows.items():
        for where, text in visible_texts(window):
            if not text.strip():
                continue
            seen += 1
            if not is_german(text):
                english.append(f"{name}: {where}: {text!r}")
    assert seen > 300
    assert not english, "not translated:\n" + "\n".join(english)


def test_dates_and_numbers_read_german(german: GermanWindows) -> None:
    main = german.windows["main"]
    status = main.status.clock_offset.text()  # type: ignore[attr-defined]
    assert status == "Die Uhr dieses Computers geht 3 s hinter der Plattform"
    indicator = german.windows["call"].quality.toolTip()  # type: ignore[attr-defined]
    assert "Verlust 0,4 %" in indicator
    wished = main.bookings.details.wished.text()  # type: ignore[attr-defined]
    assert re.search(r"(Mo|Di|Mi|Do|Fr|Sa|So)\. \d+\. \w+\.?, \d\d:\d\d CET", wished), wished
