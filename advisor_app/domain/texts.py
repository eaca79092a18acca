"""Advisor-facing texts of the core, marked for translation without importing Qt.

The core (`advisor_app`, `network`, `media`) must not import Qt, yet some of its sentences reach
the advisor: platform errors, call notices, hardware-check advice. They are written in English and
wrapped in `N_(context, text)`, a no-op that returns `text` unchanged. `pyside6-lupdate` finds them
because `scripts/update-translations.sh` declares `N_` an alias of Qt's `QT_TRANSLATE_NOOP`
(`-tr-function-alias QT_TRANSLATE_NOOP+=N_`), so they land in the same catalogue as the UI's
strings, under `context`.

A text with values uses `{name}` placeholders and `str.format`:
`N_("CallMedia", "The camera stopped ({reason}): video is off.").format(reason=...)`. The marker
also remembers every text it has seen (`known_texts`), so the UI can translate a finished message
at its boundary (`ui.translations.core_text`): it finds the template the English message was made
from, translates the template and puts the same values back in. The core keeps passing plain `str`
(interfaces and logs unchanged), and a message that was never marked simply stays English.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

_KNOWN: dict[str, str] = {}  # English text or template -> its translation context


def N_(context: str, text: str) -> str:
    """Marks `text` for translation under `context` and returns it unchanged (English)."""
    _KNOWN.setdefault(text, context)
    return text


def known_texts() -> Mapping[str, str]:
    """Every marked text seen so far (English text or template -> context), read-only."""
    return MappingProxyType(_KNOWN)
