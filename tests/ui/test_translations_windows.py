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
from tests.ui.every_screen import every_screen
from tests.ui.german_windows import GermanWindows, build_german_windows, visible_texts
from ui.settings.hardware_wizard import HardwareWizard
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
    r"((Strg|Alt|Umschalt)\+)?(\w|,|F\d+|Esc|Enter)",  # keys (the shortcuts' list)
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


# Composed texts: lines, parts joined by " · ", sentences (their stop kept: "Nicht bestätigt:"
# and "Der Code ist falsch." are two catalogue entries), a legend's parts between its marks.
COMPOSED = re.compile(r"(\n|\s·\s|(?<=[.:!?…])\s+|\s{2,}|\s*[━▮┈]\s*)")


def _is_one_text(text: str) -> bool:
    bare = DECORATION.sub("", text).strip()
    for candidate in (text, bare, bare.rstrip(".:")):
        if NOT_WORD.fullmatch(candidate) or any(p.fullmatch(candidate) for p in GERMAN):
            return True
    return False


def is_german(text: str) -> bool:
    """One catalogue text (or not a word), or consecutive runs of its parts that each are one."""
    text = text.replace("&", "").replace("\u00a0", " ").strip()
    pieces = COMPOSED.split(text)  # parts at even places, the separators between them
    parts = len(pieces) // 2 + 1
    german_from = [False] * parts + [True]  # german_from[i]: parts i… split into known texts
    for first in reversed(range(parts)):
        german_from[first] = any(
            german_from[last + 1] and _is_one_text("".join(pieces[2 * first : 2 * last + 1]))
            for last in range(first, parts)
        )
    return german_from[0]


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


@pytest.mark.slow
def test_every_screenshot_scene_in_german_shows_only_german(
    qapp: QApplication, engine: Engine
) -> None:
    """Each window in each state the screenshots show (`tests.ui.every_screen`): the call window
    with the quality rule's banner and countdown, the summary, the booked call's bar (painted
    captions too, through the tiles' accessible descriptions), the status bar while reconnecting,
    the History, the hardware test's report."""
    assert install_translations(qapp, "de") == "de"
    english = []
    scenes = []
    verdicts = []
    try:
        for scene, window in every_screen(engine):
            scenes.append(scene)
            if isinstance(window, HardwareWizard) and scene == "hardware-report":
                # The report's own rule over the scene's results: a failed microphone is a problem.
                verdicts.append(window.report_verdict.text())
            for where, text in visible_texts(window):
                if text.strip() and not is_german(text):
                    english.append(f"{scene}: {where}: {text!r}")
    finally:
        install_translations(qapp, "en")
        QLocale.setDefault(QLocale.c())
    assert {"main-reconnecting", "call-video-paused", "call-countdown", "hardware-report"} <= set(
        scenes
    )
    assert not english, "not translated:\n" + "\n".join(english)
    assert len(verdicts) == 1
    assert verdicts[0].startswith("Gesamt: Problem. ")


def test_dates_and_numbers_read_german(german: GermanWindows) -> None:
    main = german.windows["main"]
    status = main.status.clock_offset.text()  # type: ignore[attr-defined]
    assert status == "Die Uhr dieses Computers geht 3 s hinter der Plattform"
    indicator = german.windows["call"].quality.toolTip()  # type: ignore[attr-defined]
    assert "Verlust 0,4 %" in indicator
    wished = main.bookings.details.wished.text()  # type: ignore[attr-defined]
    assert re.search(r"(Mo|Di|Mi|Do|Fr|Sa|So)\. \d+\. \w+\.?, \d\d:\d\d CET", wished), wished
