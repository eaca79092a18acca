#!/usr/bin/env bash
# Extracts every translatable string of the app into resources/translations/*.ts and compiles the
# .qm files the app loads. Existing translations are kept; new strings arrive as "unfinished" (fill
# them in with pyside6-linguist or a text editor, then run this again to compile).
#
#   scripts/update-translations.sh               update the .ts files and compile the .qm files
#   scripts/update-translations.sh --check DIR   update copies of the .ts files in DIR only (for
#                                                tests/ui/test_translations_catalogue.py)
#
# Sources: every .py under ui/, advisor_app/, network/ and media/. The core marks its texts with
# N_(context, text) (advisor_app/domain/texts.py), declared here as an alias of QT_TRANSLATE_NOOP.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${ADVISOR_APP_VENV:-$ROOT/.venv}/bin"
HERE="$ROOT/resources/translations"
OUT="$HERE"
if [ "${1:-}" = "--check" ]; then
  OUT="$2"
  mkdir -p "$OUT"
  cp "$HERE"/advisor_app_*.ts "$OUT"/ 2>/dev/null || true
fi
cd "$ROOT"
LIST="$(mktemp)"
trap 'rm -f "$LIST"' EXIT
find ui advisor_app network media -name '*.py' -not -path '*/__pycache__/*' | LC_ALL=C sort >"$LIST"
LUPDATE=("$BIN/pyside6-lupdate" -silent -no-obsolete -locations none
  -tr-function-alias QT_TRANSLATE_NOOP+=N_,QT_TRANSLATE_NOOP+=tr_noop -source-language en "@$LIST")
"${LUPDATE[@]}" -target-language de -ts "$OUT/advisor_app_de.ts"
# English is the source language: its catalogue holds only the plural forms ("1 message").
"${LUPDATE[@]}" -target-language en -pluralonly -ts "$OUT/advisor_app_en.ts"
if [ "$OUT" = "$HERE" ]; then
  for ts in "$HERE"/advisor_app_*.ts; do
    "$BIN/pyside6-lrelease" -silent -nounfinished "$ts" -qm "${ts%.ts}.qm"
  done
fi
