"""Results of the hardware and network test, as text for people and JSON for support tools."""

from __future__ import annotations

import enum
import json
import platform
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

from advisor_app.domain.texts import N_

Figure = str | int | float | bool | None


class Verdict(enum.StrEnum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return {
            "pass": N_("HardwareCheck", "OK"),
            "warn": N_("HardwareCheck", "Check"),
            "fail": N_("HardwareCheck", "Problem"),
            "skipped": N_("HardwareCheck", "Not tested"),
        }[self]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: what it found (``summary``), what to do about it (``advice``), the numbers."""

    key: str  # "camera", "microphone", "speaker", "echo", "network", "stun", "turn"
    title: str
    verdict: Verdict
    summary: str
    advice: tuple[str, ...] = ()
    figures: dict[str, Figure] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "verdict": self.verdict.value,
            "summary": self.summary,
            "advice": list(self.advice),
            "figures": dict(self.figures),
        }


def app_version() -> str:
    """The installed app's version ("unknown" when run from a tree that was never installed)."""
    try:
        return metadata.version("advisor-app")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(frozen=True, slots=True)
class HardwareReport:
    """All results with when and where they were taken. Holds no audio, video or customer data."""

    results: tuple[CheckResult, ...]
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    system: str = field(default_factory=lambda: f"{platform.system()} {platform.release()}")
    app_version: str = field(default_factory=app_version)

    @property
    def verdict(self) -> Verdict:
        """The worst verdict (a skipped check does not make the whole test fail)."""
        verdicts = {r.verdict for r in self.results}
        for worst in (Verdict.FAIL, Verdict.WARN, Verdict.PASS):
            if worst in verdicts:
                return worst
        return Verdict.SKIPPED

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAIL

    def to_json(self) -> dict[str, Any]:
        return {
            "report": "advisor-app hardware and network test",
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "app_version": self.app_version,
            "system": self.system,
            "python": sys.version.split()[0],
            "verdict": self.verdict.value,
            "checks": [r.to_json() for r in self.results],
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """The report as support reads it in an e-mail or a ticket."""
        lines = [
            "Advisor Desk — hardware and network test",
            f"Taken {self.created_at.strftime('%Y-%m-%d %H:%M UTC')} on {self.system}, "
            f"app {self.app_version}",
            f"Overall: {self.verdict.label}",
            "",
        ]
        for result in self.results:
            lines.append(f"[{result.verdict.label}] {result.title}: {result.summary}")
            lines.extend(f"    → {line}" for line in result.advice)
            if result.figures:
                numbers = ", ".join(f"{k}={_format(v)}" for k, v in result.figures.items())
                lines.append(f"    ({numbers})")
        return "\n".join(lines) + "\n"


def _format(value: Figure) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


_SEVERITY = {Verdict.SKIPPED: 0, Verdict.PASS: 1, Verdict.WARN: 2, Verdict.FAIL: 3}


def worse(a: Verdict, b: Verdict) -> Verdict:
    """The more serious of two verdicts."""
    return a if _SEVERITY[a] >= _SEVERITY[b] else b
