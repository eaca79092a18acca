"""The German catalogue is complete and up to date with the sources.

`scripts/update-translations.sh --check DIR` extracts every translatable string from the sources
into copies of the committed `.ts` files (what a developer would get by running the script now);
any string without a finished German translation fails here, as do broken placeholders, lost
accelerators and a committed `.qm` that is older than its `.ts`.
"""

from __future__ import annotations

import ast
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
SCRIPT = ROOT / "scripts" / "update-translations.sh"
BIN = ROOT / ".venv" / "bin"

PLACEHOLDERS = re.compile(r"%\d|%n|\{\w+\}")
# Placeholders German may leave out: "no other {other} was found" needs a gendered word in German,
# so the translation says "no replacement device" instead.
MAY_DROP = {("DeviceFallback", "{other}")}


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def _state(message: ET.Element) -> str:
    translation = message.find("translation")
    return "unfinished" if translation is None else translation.get("type", "")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues as the sources ask for them now."""
    out = tmp_path_factory.mktemp("ts")
    subprocess.run([str(SCRIPT), "--check", str(out)], check=True, timeout=120, cwd=ROOT)
    return out


def test_every_string_of_the_sources_has_a_german_translation(fresh: Path) -> None:
    messages = _messages(fresh / "advisor_app_de.ts")
    assert len(messages) > 400  # the whole app, not an empty extraction
    missing = [
        f"{context}: {source!r}"
        for context, source, message in messages
        if _state(message) in ("unfinished", "vanished", "obsolete")
        or not all(text.strip() for text in _translations(message))
    ]
    assert not missing, "untranslated (run scripts/update-translations.sh):\n" + "\n".join(missing)


def test_the_committed_catalogue_is_what_the_sources_produce(fresh: Path) -> None:
    """No strings were added or removed in the sources since the catalogue was last updated."""
    for name in ("advisor_app_de.ts", "advisor_app_en.ts"):
        committed = {(c, s) for c, s, _m in _messages(TRANSLATIONS / name)}
        now = {(c, s) for c, s, _m in _messages(fresh / name)}
        assert now == committed, f"{name}: run scripts/update-translations.sh"


def test_translations_keep_placeholders_and_one_accelerator() -> None:
    problems = []
    for context, source, message in _messages(TRANSLATIONS / "advisor_app_de.ts"):
        wanted = {p for p in PLACEHOLDERS.findall(source) if (context, p) not in MAY_DROP}
        for text in _translations(message):
            found = set(PLACEHOLDERS.findall(text))
            # A singular form may say "1 second" without %n; everything else must stay.
            if not (wanted - {"%n"} <= found <= set(PLACEHOLDERS.findall(source))):
                problems.append(f"{context}: {source!r} -> {text!r} (placeholders)")
            if source.count("&") - source.count("&&") != text.count("&") - text.count("&&"):
                problems.append(f"{context}: {source!r} -> {text!r} (accelerator)")
    assert not problems, "\n".join(problems)


def test_english_plural_forms_are_complete() -> None:
    messages = _messages(TRANSLATIONS / "advisor_app_en.ts")
    assert messages
    for context, source, message in messages:
        forms = _translations(message)
        assert len(forms) == 2, f"{context}: {source!r}"
        assert all(forms), f"{context}: {source!r}"
        assert "(s)" not in " ".join(forms)


@pytest.mark.parametrize("name", ["advisor_app_de", "advisor_app_en"])
def test_the_committed_qm_is_compiled_from_the_ts(name: str, tmp_path: Path) -> None:
    compiled = tmp_path / f"{name}.qm"
    source = TRANSLATIONS / f"{name}.ts"
    lrelease = str(BIN / "pyside6-lrelease")
    subprocess.run(
        [lrelease, "-silent", "-nounfinished", str(source), "-qm", str(compiled)],
        check=True,
        timeout=60,
    )
    assert compiled.read_bytes() == (TRANSLATIONS / f"{name}.qm").read_bytes(), (
        "run scripts/update-translations.sh to compile the .qm"
    )


def test_no_literal_hides_behind_a_helper_lupdate_cannot_see() -> None:
    """`_tr("Call back")` runs fine but `pyside6-lupdate` does not extract it (no context):
    literals go through `self.tr`, `QCoreApplication.translate` or `tr_noop`."""
    hidden = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"_tr", "tr", "_", "translate"}
                and node.args
                and isinstance(node.args[0], ast.Constant | ast.JoinedStr)
            ):
                hidden.append(f"{path.name}:{node.lineno}")
    assert not hidden, "use QCoreApplication.translate(context, text): " + ", ".join(hidden)
