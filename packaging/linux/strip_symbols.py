"""Strips symbol tables from a Linux bundle, one library at a time, keeping only what still loads.

Many wheels' libraries and pyenv's libpython carry symbol tables the app never needs (~40 MB).
PyInstaller's own `strip=True` strips everything and breaks libraries that auditwheel rewrote with
patchelf ("ELF load command address/offset not page-aligned"). Here each stripped file is loaded
in place (its `$ORIGIN` run paths intact) by a fresh process; a file that does not load is put back.
"""

# ruff: noqa: S603, S607 (a build tool: it runs the system's ldd, dpkg, strip and our interpreter)
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PROBE = "import ctypes, sys\nfor path in sys.argv[1:]:\n    ctypes.CDLL(path)\n"


def _has_symbols(path: Path) -> bool:
    out = subprocess.run(["file", "-b", str(path)], capture_output=True, text=True, check=False)
    return "ELF" in out.stdout and "not stripped" in out.stdout


def _loads(path: Path, library_path: str) -> bool:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True,
        env={"LD_LIBRARY_PATH": library_path, "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=False,
    )
    return result.returncode == 0


def strip_bundle(bundle: Path) -> tuple[int, int, int]:
    """Strips what can be stripped; returns (files stripped, files left alone, bytes saved)."""
    if shutil.which("strip") is None or shutil.which("file") is None:
        print("strip or file not installed: the bundle keeps its symbol tables")
        return 0, 0, 0
    internal = bundle / "_internal"
    library_path = f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"
    stripped = kept = saved = 0
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or not _has_symbols(path):
            continue
        backup = path.with_name(path.name + ".unstripped")
        shutil.copy2(path, backup)
        before = path.stat().st_size
        result = subprocess.run(
            ["strip", "--strip-unneeded", str(path)],
            capture_output=True,
            check=False,
        )
        if result.returncode == 0 and _loads(path, library_path):
            saved += before - path.stat().st_size
            stripped += 1
            backup.unlink()
        else:
            backup.replace(path)
            kept += 1
    return stripped, kept, saved
