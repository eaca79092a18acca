"""The app's language: German or English, from the settings or the system, with localised formats.

`install_translations` runs once at start-up (`ui.application.run_gui`): it picks the language
(`ADVISOR_APP_LANGUAGE`, else the `language` setting, else the system's), loads the app's
catalogue (`resources/translations/advisor_app_<lang>.qm`, compiled from the `.ts` files that
`scripts/update-translations.sh` keeps up to date) and Qt's own (`qtbase_<lang>.qm`: the standard
dialogs' buttons, context menus), and makes that language's `QLocale` the default so dates and
numbers read as the advisor expects. English is the source language: it needs no catalogue.

Until something installs a language, everything stays English with the `C` locale's formats; the
tests rely on that (they never call `install_translations` unless a test asks for German).

`core_text` translates the core's marked messages (`advisor_app.domain.texts`) at the UI boundary.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from advisor_app.domain.texts import known_texts
from ui.icons import resources_dir

log = logging.getLogger(__name__)

ENGLISH = "en"
GERMAN = "de"
SUPPORTED_LANGUAGES = (ENGLISH, GERMAN)
LANGUAGE_OVERRIDE_ENV = (
    "ADVISOR_APP_LANGUAGE"  # "de" or "en"; wins over the setting (tests, support)
)
CATALOGUE_NAME = "advisor_app"


class _Installed:
    """What `install_translations` put in place (one per process, like Qt's translators)."""

    translators: list[QTranslator] = []  # noqa: RUF012 - deliberately shared, process-wide
    language = ENGLISH


def tr_noop(context: str, text: str) -> str:  # noqa: ARG001 - the context is for lupdate
    """Marks `text` for `pyside6-lupdate` under `context`; returns it untranslated (typed `str`).

    Qt's `QT_TRANSLATE_NOOP`, for texts kept in tables and translated when shown
    (`QCoreApplication.translate(context, text)` or `self.tr(text)` in that class).
    `scripts/update-translations.sh` declares it an alias of `QT_TRANSLATE_NOOP`.
    """
    return text


def translations_dir() -> Path:
    """`resources/translations/` (in the source tree or in the frozen bundle)."""
    return resources_dir() / "translations"


def choose_language(setting: str, system: QLocale | None = None) -> str:
    """The language to show: the override, a supported setting, else the system's (or English).

    `setting` is `Settings.language`: "" follows the system; "de" or "en" choose; anything else
    (a hand-edited file) is ignored with a warning.
    """
    override = os.environ.get(LANGUAGE_OVERRIDE_ENV, "").strip().lower()
    if override in SUPPORTED_LANGUAGES:
        return override
    wanted = setting.strip().lower()
    if wanted in SUPPORTED_LANGUAGES:
        return wanted
    if wanted:
        log.warning("language setting %r is not supported; following the system", setting)
    locale = system if system is not None else QLocale.system()
    for name in locale.uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
    return ENGLISH


def install_translations(app: QCoreApplication, language: str) -> str:
    """Shows the app in `language` ("de", "en"): catalogues, Qt's own texts and the default locale.

    Replaces what an earlier call installed. A missing catalogue is logged and the app stays in
    English rather than failing. Widgets built before this call keep their texts, so call it before
    building windows (the settings dialog says a change applies after a restart). Returns the
    language now in effect.
    """
    for translator in _Installed.translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    _Installed.translators.clear()
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"unsupported language {language!r}; expected one of {SUPPORTED_LANGUAGES}"
        )
    ours = QTranslator(app)
    if ours.load(f"{CATALOGUE_NAME}_{language}", str(translations_dir())):
        app.installTranslator(ours)
        _Installed.translators.append(ours)
    elif language != ENGLISH:  # English without its catalogue only loses the plural forms
        log.warning("no %s catalogue in %s; showing English", language, translations_dir())
        language = ENGLISH
    if language != ENGLISH:
        qt_own = QTranslator(app)
        if qt_own.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_own)
            _Installed.translators.append(qt_own)
        else:
            log.info("Qt's own %s texts are missing; standard buttons stay English", language)
    _Installed.language = language
    QLocale.setDefault(app_locale())
    log.info("language: %s", language)
    return language


def current_language() -> str:
    """The language `install_translations` put in effect ("en" until it runs)."""
    return _Installed.language


def app_locale() -> QLocale:
    """The locale for dates and numbers: German (Germany) or the `C` locale's plain English."""
    if _Installed.language == GERMAN:
        return QLocale("de_DE")
    return QLocale.c()


def format_number(value: float, decimals: int = 0) -> str:
    """`1,5` in German, `1.5` in English; no thousands separators in figures like 1200 kbit/s."""
    locale = app_locale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(float(value), "f", decimals)


def core_text(message: str) -> str:
    """The core's English `message` in the advisor's language; unchanged when it was not marked.

    A message made from a template (`"The camera stopped ({reason})…"`) is matched against the
    template, the template is translated and the values go back in (themselves translated when
    they are marked messages too).
    """
    if _Installed.language == ENGLISH or not message:
        return message
    known = known_texts()
    context = known.get(message)
    if context is not None:
        return QCoreApplication.translate(context, message)
    for template, context, pattern in _templates(tuple(known.items())):
        match = pattern.fullmatch(message)
        if match is not None:
            values = {name: core_text(value) for name, value in match.groupdict().items()}
            try:
                return QCoreApplication.translate(context, template).format(**values)
            except (KeyError, IndexError, ValueError):
                log.warning("translation of %r has broken placeholders", template)
                return message
    return message


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=8)
def _templates(items: tuple[tuple[str, str], ...]) -> list[tuple[str, str, re.Pattern[str]]]:
    """Templates with `{name}` placeholders as patterns, the most specific (most literal) first."""
    found = []
    for template, context in items:
        if _PLACEHOLDER.search(template) is None:
            continue
        parts = _PLACEHOLDER.split(template)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
            for index, part in enumerate(parts)
        )
        literal = len(_PLACEHOLDER.sub("", template))
        try:
            found.append((literal, template, context, re.compile(regex, re.DOTALL)))
        except re.error:  # a placeholder used twice: such a template cannot be matched back
            continue
    found.sort(key=lambda entry: -entry[0])
    return [(template, context, pattern) for _, template, context, pattern in found]
