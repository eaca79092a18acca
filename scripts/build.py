"""Builds the installable app from `build.spec`, on Linux, macOS and Windows alike.

    python scripts/build.py                 # icons, PyInstaller one-folder in dist/advisor-app/
    python scripts/build.py --linux-packages  # and on Linux: strip, tarball, .deb (sizes printed)

The release workflow (.github/workflows/release.yml) runs this same script on every system and
turns the folder into the system's installer (Inno Setup, .dmg).
"""

# ruff: noqa: S603 (a build tool: it runs PyInstaller with our interpreter)
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "packaging"), str(ROOT / "packaging" / "linux")]

import bundle  # noqa: E402 (packaging/bundle.py, found through the path above)
from build_icons import render_icons  # noqa: E402

DIST = ROOT / "dist"
WORK = ROOT / "build"
ICONS = WORK / "icons"  # build.spec reads the .ico/.icns from here


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def run_pyinstaller() -> Path:
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK / "pyinstaller"),
            str(ROOT / "build.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    print(f"PyInstaller: {time.monotonic() - started:.0f} s")
    return DIST / bundle.APP_NAME


def platform_tag() -> str:
    machine = {"amd64": "x86_64", "arm64": "arm64", "aarch64": "arm64"}.get(
        os.uname().machine.lower() if hasattr(os, "uname") else "", os.uname().machine
    )
    return f"{sys.platform.replace('win32', 'windows').replace('darwin', 'macos')}-{machine}"


def make_tarball(folder: Path, version: str) -> Path:
    """The portable archive: the bundle plus the desktop entry, icon and a short README."""
    tarball = DIST / f"{bundle.APP_NAME}-{version}-{platform_tag()}.tar.gz"
    extras = {
        ROOT / "packaging" / "linux" / "advisor-app.desktop": "advisor-app.desktop",
        ICONS / f"{bundle.APP_NAME}-256.png": "advisor-app.png",
        ROOT / "packaging" / "linux" / "README-portable.txt": "README.txt",
    }
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(folder, arcname=bundle.APP_NAME)
        for source, name in extras.items():
            archive.add(source, arcname=f"{bundle.APP_NAME}/{name}")
    return tarball


def linux_packages(folder: Path, version: str) -> list[Path]:
    from debian import build_deb
    from strip_symbols import strip_bundle

    before = folder_size(folder)
    stripped, kept, saved = strip_bundle(folder)
    print(f"strip: {stripped} libraries stripped, {kept} left as they were, {mib(saved)} saved")
    print(f"bundle before stripping: {mib(before)}")
    fields = {
        "VERSION": version,
        "MAINTAINER": bundle.MAINTAINER,
        "HOMEPAGE": bundle.HOMEPAGE,
        "DESCRIPTION": bundle.DESCRIPTION,
    }
    return [make_tarball(folder, version), build_deb(folder, ICONS, DIST, fields)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--linux-packages", action="store_true", help="also strip and make the .tar.gz and .deb"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="skip PyInstaller if dist/advisor-app exists"
    )
    args = parser.parse_args(argv)
    version = bundle.version()
    render_icons(ROOT / "resources" / "icons" / "app.svg", ICONS, bundle.APP_NAME)
    folder = DIST / bundle.APP_NAME
    if not (args.reuse and folder.is_dir()):
        shutil.rmtree(folder, ignore_errors=True)
        folder = run_pyinstaller()
    artifacts = []
    if args.linux_packages:
        if not sys.platform.startswith("linux"):
            parser.error("--linux-packages works on Linux only")
        artifacts = linux_packages(folder, version)
    print(f"\nadvisor-app {version} ({platform_tag()})")
    print(f"  {'one-folder bundle (unpacked)':<44} {mib(folder_size(folder)):>12}  {folder}")
    for artifact in artifacts:
        print(f"  {artifact.name:<44} {mib(artifact.stat().st_size):>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
