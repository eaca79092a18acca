"""What build.spec collects (packaging/bundle.py) against what the app really imports and reads.

A new `from PySide6.QtNetwork import …` must fail here, not in an advisor's installed app.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "advisor_bundle", ROOT / "packaging" / "bundle.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = load_bundle()


def app_sources() -> list[Path]:
    return [p for package in bundle.OWN_PACKAGES for p in (ROOT / package).rglob("*.py")]


def imported_modules() -> set[str]:
    """Every module the app's code imports, statically or by a literal name."""
    found: set[str] = set()
    for path in app_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"PySide6\.Qt\w+", node.value)
            ):
                found.add(node.value)
    return found


def test_every_qt_module_the_app_imports_is_collected() -> None:
    used = {m.split(".")[1] for m in imported_modules() if m.startswith("PySide6.")}
    assert used, "the scan found no Qt imports at all"
    assert used <= set(bundle.QT_MODULES), f"add {used - set(bundle.QT_MODULES)} to QT_MODULES"


def test_no_module_the_app_imports_is_excluded() -> None:
    excluded = set(bundle.EXCLUDES) | set(bundle.qt_excludes())
    hits = {m for m in imported_modules() if m in excluded or m.split(".")[0] in excluded}
    assert not hits


def test_unused_qt_modules_are_excluded_but_used_ones_are_not() -> None:
    excludes = bundle.qt_excludes()
    assert "PySide6.QtQml" in excludes or "QtQml" not in bundle.installed_qt_modules()
    assert not {f"PySide6.{m}" for m in bundle.QT_MODULES} & set(excludes)


def test_data_the_app_reads_from_its_own_folders_is_collected() -> None:
    for folder in bundle.DATA_DIRS:
        assert (ROOT / folder).is_dir()
    assert (ROOT / "resources" / "icons" / "app.svg").is_file()
    # Files found next to a module through __file__ are collected as package data.
    assert (ROOT / "ui" / "style.qss").is_file()
    assert "ui" in bundle.OWN_DATA_PACKAGES
    assert (ROOT / "platform_server" / "static" / "index.html").is_file()
    assert "platform_server" in bundle.OWN_DATA_PACKAGES
    readers = {
        p.parent.name
        for p in app_sources()
        if "__file__" in p.read_text(encoding="utf-8") and p.parent.name in bundle.OWN_PACKAGES
    }
    readers.discard("advisor_app")  # self_test only finds resources/, collected as DATA_DIRS
    assert readers <= set(bundle.OWN_DATA_PACKAGES), readers


def test_metadata_and_hidden_imports_exist() -> None:
    import importlib.metadata

    for distribution in bundle.METADATA:
        assert importlib.metadata.version(distribution)
    for module in bundle.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(module) is not None
    # keyring finds its backends through entry points: the metadata must travel with it.
    names = {ep.name for ep in importlib.metadata.entry_points(group="keyring.backends")}
    assert {"SecretService", "macOS", "Windows"} <= names


def test_version_comes_from_pyproject() -> None:
    with (ROOT / "pyproject.toml").open("rb") as f:
        assert bundle.version() == tomllib.load(f)["project"]["version"]


def test_license_notices_cover_the_gpl_codecs_and_qt() -> None:
    distributions = set(bundle.runtime_distributions())
    assert {"av", "aiortc", "keyring"} <= distributions
    folders = {dest for _, dest in bundle.license_files()}
    assert any(folder.startswith("licenses/av/") for folder in folders)
    notice = (ROOT / "packaging" / "licenses" / "NOTICE.txt").read_text(encoding="utf-8")
    for words in ("x264", "GNU GPL", "LGPL", "Qt"):
        assert words in notice
    for text in ("GPL-2.0.txt", "LGPL-3.0.txt"):
        assert (ROOT / "packaging" / "licenses" / text).stat().st_size > 5000


def test_spec_keeps_upx_off() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "upx=False" in spec
    assert "upx=True" not in spec


@pytest.mark.parametrize(
    ("dest", "unused"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("PySide6/Qt/lib/libQt6Gui.so.6", False),
        ("libvnc.so", False),
    ],
)
def test_unused_qt_plugins(dest: str, unused: bool) -> None:
    assert bundle.is_unused_qt_plugin(dest) is unused


def test_pruning_drops_what_only_dropped_plugins_needed() -> None:
    needs = {
        "/src/qxcb.so": ["libxcb-cursor.so.0", "libQt6Gui.so.6"],
        "/src/qgtk3.so": ["libgtk-3.so.0", "libcairo.so.2", "libQt6Gui.so.6"],
        "/src/ext.so": ["libssl.so.3"],
    }
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/qxcb.so", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/src/qgtk3.so", "BINARY"),
        ("mod/ext.so", "/src/ext.so", "EXTENSION"),
        ("libxcb-cursor.so.0", "/lib/libxcb-cursor.so.0", "BINARY"),
        ("libgtk-3.so.0", "/lib/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/lib/libcairo.so.2", "BINARY"),
        ("libssl.so.3", "/lib/libssl.so.3", "BINARY"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),  # dlopened by the loader
    ]
    kept = bundle.prune_libraries(binaries, lambda path: needs.get(path, []))
    assert [name for name, _, _ in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "mod/ext.so",
        "libxcb-cursor.so.0",
        "libssl.so.3",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libpython3.11.so.1.0",
    ]


def test_portaudio_comes_from_the_system_on_linux_only() -> None:
    expected = sys.platform.startswith("linux")
    assert bundle.is_system_library("libportaudio.so.2") is expected
    assert bundle.is_system_library("av.libs/libasound-c7818c60.so.2.0.0") is False
