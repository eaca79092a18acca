"""Every window and state fits a 1920x1080 screen at 100, 150 and 200 %, in English and German:
no window (with its frame) larger than the screen's available area, no field or button shorter
than its size hint, no text cut without "…".

Each scale runs `python -m tests.ui.screenshots --check-only` in a process of its own (Qt fixes
the scaling when it starts), which builds the real windows of `tests.ui.every_screen` on Qt's
offscreen platform with a configured screen, and measures them (`tests.ui.window_checks`).
"""

from __future__ import annotations

import pytest

from tests.ui.screenshots import LANGUAGES, run_scale


@pytest.mark.parametrize("scale", [100, 150, 200])
def test_every_window_fits_the_screen(scale: int, tmp_path: object) -> None:
    found = run_scale(scale, tmp_path, LANGUAGES, check_only=True)  # type: ignore[arg-type]
    problems = [f"{shot}: {problem}" for shot, listed in found.items() for problem in listed]
    assert not problems, "\n".join(problems)
