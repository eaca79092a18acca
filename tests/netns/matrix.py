"""Running the matrix: every shape on every link, in a few labs at once.

Each (shape, party) is one call across its own `NetnsLab` (names and addresses never clash), with
the simulated customer. `MATRIX_LABS` labs run side by side: a call whose video follows its line
needs little CPU (about a tenth of a core for the advisor with the synthetic camera), so two calls
on CI's two cores still keep their timing; more would not. Used by `tests/netns/test_matrix.py`
and `bench/quality_bench.py --matrix`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.netns.lab import PARTIES, NetnsLab, Party
from tests.netns.scenario import Customer, ScenarioRun, run_scenario
from tests.netns.shapes import CI_SHAPES, SHAPES, Shape

__all__ = ["MATRIX_LABS", "Cell", "cells", "run_cell", "run_matrix"]

MATRIX_LABS = int(os.environ.get("QUALITY_MATRIX_LABS", "2"))
Cell = tuple[str, Party]  # (shape name, whose link)


def cells(shapes: Iterable[str] = CI_SHAPES) -> list[Cell]:
    return [(name, party) for name in shapes for party in PARTIES]


def run_cell(cell: Cell, workdir: Path, customer: Customer = "bot") -> ScenarioRun:
    """One shape on one link, in a lab of its own."""
    name, party = cell
    shape: Shape = SHAPES[name]
    lab = NetnsLab().create()
    try:
        return run_scenario(lab, workdir / f"{name}-{party}", shape.on(party), customer=customer)
    finally:
        lab.close()


def run_matrix(
    chosen: Iterable[Cell],
    workdir: Path,
    *,
    labs: int = MATRIX_LABS,
    done: Callable[[Cell, ScenarioRun], None] = lambda _cell, _run: None,
) -> dict[Cell, ScenarioRun | Exception]:
    """Runs every cell, `labs` at a time; a cell that failed to run gives its exception."""
    results: dict[Cell, ScenarioRun | Exception] = {}

    def one(cell: Cell) -> None:
        try:
            run = run_cell(cell, workdir)
        except Exception as exc:  # reported per cell: the other cells still run
            results[cell] = exc
            return
        results[cell] = run
        done(cell, run)

    with ThreadPoolExecutor(max_workers=max(1, labs)) as pool:
        list(pool.map(one, list(chosen)))
    return results
