"""What goes into the frozen app: one list, read by `build.spec` and checked by the tests.

Kept apart from the spec so `tests/packaging/` can check it against the modules the app really
imports without running PyInstaller. Loaded by file path (this folder is not a Python package:
an `__init__.py` here would shadow PyPA's `packaging` library).
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

APP_NAME = "advisor-app"  # executable, folder, Debian package
DISPLAY_NAME = "Advisor Desk"
BUNDLE_ID = "org.advisordesk.advisor-app"
DESCRIPTION = "Live paid video consultations and bookings for advisors"
MAINTAINER = "Advisor Desk <support@advisordesk.example>"
HOMEPAGE = "https://advisordesk.example"

# Our own packages: collected whole (every submodule), so a module someone adds is never left out
# even when it is imported lazily or by name.
OWN_PACKAGES = ("advisor_app", "ui", "media", "network", "platform_server")
# Data files inside our packages (style sheet, the customer web page and its OpenAPI document).
OWN_DATA_PACKAGES = ("ui", "platform_server")
# Folders copied as they are: `resources/` holds icons, sounds and (later) `translations/`.
DATA_DIRS = ("resources",)

# The Qt modules the app uses (PySide6-Essentials). Every other PySide6 module is excluded, so a
# stray import cannot drag in QtQml/QtQuick (tens of MB). Add a module here when the app needs it.
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg")

# Never wanted in the app: test and build tools, other Qt bindings, GUI toolkits we do not use.
EXCLUDES = (
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "pytest",
    "_pytest",
    "hypothesis",
    "schemathesis",
    "playwright",
    "IPython",
    "matplotlib",
    "mypy",
    "setuptools",
    "pip",
)

# Distribution metadata that code reads at run time: keyring finds its backends through entry
# points; the self-test and the About text read our version; argon2 answers __version__ from it.
METADATA = ("keyring", "advisor-app", "argon2-cffi")
# Imported by name at run time, which PyInstaller cannot see.
HIDDEN_IMPORTS = ("keyring.backends", "livekit.rtc.resources")
# Packages that load a native library by file path (ctypes + importlib.resources), so PyInstaller's
# dependency analysis never sees it: their shared libraries and data are collected as they lie.
# livekit.rtc: libwebrtc's audio processing (echo cancellation) in liblivekit_ffi.
NATIVE_LIBRARY_PACKAGES = ("livekit.rtc",)

# Linux: PortAudio comes from the system (`libportaudio2`), not from the build machine. The system's
# PortAudio is built against the system's ALSA and JACK and loads the system's ALSA plugins
# (PulseAudio, PipeWire); a bundled copy would drag the build machine's libasound/libjack along and
# miss Debian's fixes. The .deb depends on it; the self-test says so when it is missing.
LINUX_SYSTEM_LIBRARIES = ("libportaudio.so", "libasound.so", "libjack.so")


# Qt plugins the app never loads, by folder and stem (no `lib` prefix, no suffix). The desktop needs
# xcb or wayland (Linux), cocoa, windows; the self-test needs offscreen. The GTK3 theme plugin alone
# drags ~25 MB of GTK, cairo and pango into the bundle; the app draws its own style sheet anyway.
UNUSED_QT_PLUGINS = {
    "platforms": {"qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvkkhrdisplay", "qvnc"},
    "platformthemes": {"qgtk3"},
    "egldeviceintegrations": {"*"},
    "generic": {"*"},
    "imageformats": {"qtiff", "qwebp", "qtga", "qwbmp", "qpdf", "qicns"},
}
# Libraries that are loaded without being linked (dlopen): never pruned.
ALWAYS_KEPT = ("libpython", "libgcc_s")
# Where PyInstaller puts libraries it found only as dependencies of other binaries.
PRUNABLE_FOLDERS = (".", "PySide6/Qt/lib")

Binary = tuple[str, str, str]  # PyInstaller's TOC entry: (name in the bundle, source, type)


def is_unused_qt_plugin(dest: str) -> bool:
    parts = Path(dest).parts
    if len(parts) < 2 or "plugins" not in parts[:-2]:
        return False
    stem = parts[-1].split(".")[0].removeprefix("lib")
    dropped = UNUSED_QT_PLUGINS.get(parts[-2], set())
    return "*" in dropped or stem in dropped


def prune_libraries(
    binaries: list[Binary], imports: Callable[[str], Iterable[str]]
) -> list[Binary]:
    """Drops unused Qt plugins, then every dependency-only library that no remaining binary needs.

    `imports(path)` lists the library names a binary needs, transitively (ldd's view). Run on
    Linux, where PyInstaller's dependency analysis has already pulled in what dropped plugins need.
    """
    kept = [b for b in binaries if not is_unused_qt_plugin(b[0])]

    def prunable(entry: Binary) -> bool:
        name, _, kind = entry
        folder = str(Path(name).parent)
        return (
            kind == "BINARY"
            and folder in PRUNABLE_FOLDERS
            and not Path(name).name.startswith(ALWAYS_KEPT)
        )

    needed: set[str] = set()
    for entry in kept:
        if not prunable(entry):
            needed.update(Path(n).name for n in imports(entry[1]))
    return [b for b in kept if not prunable(b) or Path(b[0]).name in needed]


LICENSE_FILE_WORDS = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")


def runtime_distributions(root: str = "advisor-app") -> list[str]:
    """`root` and every distribution it needs at run time (extras left out), by name."""
    import importlib.metadata as md
    import re

    seen: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen[key] = dist.metadata["Name"]
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0])
    return sorted(seen.values())


def license_files() -> list[tuple[str, str]]:
    """(source, folder in the bundle) for the license files and SBOMs of every bundled
    distribution: `licenses/<distribution>/`."""
    import importlib.metadata as md

    result = []
    for name in runtime_distributions():
        for file in md.distribution(name).files or []:
            parts = file.parts
            wanted = "sboms" in parts or any(w in parts[-1].upper() for w in LICENSE_FILE_WORDS)
            if ".dist-info" in parts[0] and wanted and not parts[-1].endswith(".pyc"):
                folder = "/".join(("licenses", name, *parts[1:-1]))
                result.append((str(file.locate()), folder))
    return result


def version() -> str:
    """The app's version, from pyproject.toml (the one place it is written)."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def installed_qt_modules() -> list[str]:
    """Every Qt module the installed PySide6 provides (`QtCore`, `QtQuick`, …)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    return sorted(
        {p.name.split(".")[0] for p in folder.glob("Qt*.*") if p.suffix in {".so", ".pyd"}}
    )


def qt_excludes() -> list[str]:
    """The PySide6 modules the app does not use, as PyInstaller excludes."""
    return [f"PySide6.{m}" for m in installed_qt_modules() if m not in QT_MODULES]


def is_system_library(name: str) -> bool:
    """True for a shared library that the Linux bundle takes from the system instead."""
    base = Path(name).name
    return sys.platform.startswith("linux") and base.startswith(LINUX_SYSTEM_LIBRARIES)


MACOS_INFO_PLIST = {
    "CFBundleName": DISPLAY_NAME,
    "CFBundleDisplayName": DISPLAY_NAME,
    "CFBundleIdentifier": BUNDLE_ID,
    "LSApplicationCategoryType": "public.app-category.business",
    "LSMinimumSystemVersion": "12.0",
    "NSHighResolutionCapable": True,
    "NSRequiresAquaSystemAppearance": False,
    # macOS asks the advisor for camera and microphone access with these texts (required: without
    # them the process is killed at the first capture).
    "NSCameraUsageDescription": "Advisor Desk shows your camera to the customer during a call.",
    "NSMicrophoneUsageDescription": "Advisor Desk sends your voice to the customer during a call.",
}
