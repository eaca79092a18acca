"""A microphone level as the meter shows it (`media.level_meter` measures it; the settings
dialog and the hardware test draw it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LevelReading:
    """One block as the meter shows it."""

    level_dbfs: float
    peak_dbfs: float
    clipping: bool
