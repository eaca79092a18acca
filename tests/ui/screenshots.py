"""Every window and state of the app as PNGs, at the scalings advisors use, in both languages.

    .venv/bin/python -m tests.ui.screenshots [OUTDIR] [--scales 100,150,200] [--languages en,de]

Writes OUTDIR/<scale>/<language>/<scene>.png (default OUTDIR: /tmp/advisor-screens) for each
scene of `tests.ui.every_screen` (main window empty, ringing and busy, sign-in with an error,
every settings section, each hardware test step, the call window live, paused, in countdown,
booked with the identity check and ended, the Help menu's dialogs), on a 1920x1080 screen scaled
by Qt (QT_SCALE_FACTOR: 150 % gives 1280x720 logical pixels, 200 % gives 960x540), and
OUTDIR/problems.txt with what `tests.ui.window_checks` found wrong (none: the file says so). Exit
status 1 when there are problems.

Each scale runs in a process of its own (Qt fixes the scaling at start) on Qt's offscreen
platform with a configured screen, so it needs no display; the user's settings and remembered
window places are not read (a temporary config folder). `--check-only` measures without PNGs (the
fit tests use it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.qt_screen import screen_config

SCALES = (100, 150, 200)
LANGUAGES = ("en", "de")


def run_scale(
    scale: int, outdir: Path, languages: tuple[str, ...], *, check_only: bool
) -> dict[str, list[str]]:
    """Renders and measures every scene at `scale` % in a child process; its problems by shot."""
    with tempfile.TemporaryDirectory(prefix="advisor-screens-") as tmp:
        home = Path(tmp)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={screen_config(home)}",
            "QT_SCALE_FACTOR": f"{scale / 100:g}",
            "ADVISOR_APP_CONFIG_DIR": str(home / "config"),
            "ADVISOR_APP_DATA_DIR": str(home / "data"),
            "ADVISOR_APP_LOG_DIR": str(home / "log"),
        }
        for variable in ("QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR", "QT_FONT_DPI"):
            env.pop(variable, None)
        report = home / "problems.json"
        command = [
            *(sys.executable, "-m", "tests.ui.screenshots", "--child", str(scale)),
            *("--languages", ",".join(languages), "--report", str(report), str(outdir)),
        ]
        if check_only:
            command.append("--check-only")
        root = Path(__file__).resolve().parents[2]
        subprocess.run(command, env=env, cwd=root, check=True, timeout=600)
        problems: dict[str, list[str]] = json.loads(report.read_text(encoding="utf-8"))
        return problems


def child(
    scale: int, outdir: Path, languages: tuple[str, ...], report: Path, *, check_only: bool
) -> None:
    """In the child process: every scene in each language, saved and measured."""
    from PySide6.QtWidgets import QApplication

    from advisor_app.engine import Engine
    from tests.ui.every_screen import every_screen
    from tests.ui.window_checks import layout_problems
    from ui.application import configure_application
    from ui.translations import install_translations

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app)
    app.setQuitOnLastWindowClosed(False)
    engine = Engine("screens-engine")
    engine.start()
    problems: dict[str, list[str]] = {}
    try:
        for language in languages:
            install_translations(app, language)
            folder = outdir / str(scale) / language
            if not check_only:
                folder.mkdir(parents=True, exist_ok=True)
            for name, window in every_screen(engine):
                shot = f"{scale}/{language}/{name}"
                found = layout_problems(window)
                if found:
                    problems[shot] = found
                if not check_only:
                    path = folder / f"{name}.png"
                    assert window.grab().save(str(path)), path
    finally:
        install_translations(app, "en")
        engine.stop()
    report.write_text(json.dumps(problems, indent=2, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.screenshots")
    parser.add_argument("outdir", nargs="?", default="/tmp/advisor-screens", type=Path)
    parser.add_argument("--scales", default=",".join(map(str, SCALES)))
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--check-only", action="store_true", help="measure, write no PNGs")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    languages = tuple(args.languages.split(","))
    if args.child is not None:
        child(args.child, args.outdir, languages, args.report, check_only=args.check_only)
        return 0
    found: dict[str, list[str]] = {}
    for scale in (int(s) for s in args.scales.split(",")):
        found.update(run_scale(scale, args.outdir, languages, check_only=args.check_only))
    lines = [f"{shot}: {problem}" for shot, problems in found.items() for problem in problems]
    args.outdir.mkdir(parents=True, exist_ok=True)
    summary = "\n".join(lines) if lines else "No layout problems found."
    (args.outdir / "problems.txt").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    print(f"screenshots in {args.outdir}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
