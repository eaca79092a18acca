"""Builds the `.deb` from the one-folder bundle with `dpkg-deb` alone (no debhelper).

Layout: the bundle in /opt/advisor-app, /usr/bin/advisor-app a symlink to it, the desktop entry
and hicolor icons under /usr/share. `Depends` is computed, not guessed: every library the bundle
loads from outside itself (ldd, with the bundle's own folders first, as the frozen app sees them)
is mapped to its Debian package with `dpkg -S`; then come the libraries loaded at run time without
being linked (PortAudio) and the data the bundled libraries read (XKB keymaps, fontconfig, a font).
"""

# ruff: noqa: S603, S607 (a build tool: it runs the system's ldd, dpkg, strip and our interpreter)
from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
INSTALL_DIR = Path("opt/advisor-app")

# Loaded or read at run time, invisible to ldd: PortAudio (sounddevice, via ctypes), XKB keymaps
# (libxkbcommon), fontconfig's configuration, and at least one font for Qt to draw text with.
RUNTIME_DEPENDS = (
    "libportaudio2",
    "xkb-data",
    "fontconfig-config",
    "fonts-dejavu-core | fonts-liberation2 | fonts-noto-core",
)
# A Secret Service keeps "remember me" (the app works without it, asking for the password).
RECOMMENDS = ("gnome-keyring | kwalletmanager | keepassxc", "pulseaudio | pipewire-pulse")

_LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def elf_files(bundle: Path) -> list[Path]:
    """The executable and every shared object in the bundle."""
    files = [p for p in bundle.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    return [bundle / bundle.name, *sorted(files)]


def outside_libraries(bundle: Path, files: Iterable[Path]) -> tuple[set[str], set[str]]:
    """(paths of system libraries the bundle loads, names found nowhere) as ldd resolves them."""
    internal = bundle / "_internal"
    env = {"LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    system: set[str] = set()
    missing: set[str] = set()
    for path in files:
        out = subprocess.run(
            ["ldd", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        ).stdout
        for line in out.splitlines():
            match = _LDD_LINE.match(line)
            if not match:
                continue
            name, where = match.groups()
            if where == "not found":
                missing.add(name)
            elif not Path(where).resolve().is_relative_to(bundle.resolve()):
                system.add(where)
    return system, missing


def owning_packages(paths: Iterable[str]) -> set[str]:
    """Debian packages that own these files (`dpkg -S`; merged-/usr aware)."""
    packages: set[str] = set()
    for path in sorted(paths):
        candidates = [path, str(Path(path).resolve())]
        candidates += [
            c.removeprefix("/usr") if c.startswith("/usr/") else "/usr" + c for c in candidates
        ]
        for candidate in candidates:
            out = subprocess.run(
                ["dpkg", "-S", candidate],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode == 0:
                packages.add(out.stdout.split(":", 1)[0].split(",")[0].strip())
                break
        else:
            print(f"  note: no Debian package owns {path}")
    return packages


def _installed_version(package: str) -> str:
    out = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip()


def depends(bundle: Path) -> list[str]:
    system, missing = outside_libraries(bundle, elf_files(bundle))
    for name in sorted(missing):
        print(f"  warning: {name} is needed but found neither in the bundle nor on this system")
    packages = owning_packages(system)
    # The bundle was linked against this machine's C library: require at least its version.
    libc = _installed_version("libc6").split("-")[0]
    result = [f"libc6 (>= {libc})" if p == "libc6" and libc else p for p in sorted(packages)]
    return [*result, *RUNTIME_DEPENDS]


def build_deb(bundle: Path, icons: Path, out_dir: Path, fields: dict[str, str]) -> Path:
    """Stages and builds `advisor-app_{version}_{arch}.deb` in `out_dir`; returns its path."""
    arch = subprocess.run(
        ["dpkg", "--print-architecture"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stage = out_dir / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(bundle, stage / INSTALL_DIR, symlinks=True)
    (stage / "usr/bin").mkdir(parents=True)
    (stage / "usr/bin/advisor-app").symlink_to("/" + str(INSTALL_DIR / "advisor-app"))
    apps = stage / "usr/share/applications"
    apps.mkdir(parents=True)
    shutil.copy(HERE / "advisor-app.desktop", apps)
    for png in icons.glob("advisor-app-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = stage / f"usr/share/icons/hicolor/{size}x{size}/apps/advisor-app.png"
        target.parent.mkdir(parents=True)
        shutil.copy(png, target)
    doc = stage / "usr/share/doc/advisor-app"
    doc.mkdir(parents=True)
    shutil.copy(bundle / "_internal" / "licenses" / "NOTICE.txt", doc / "copyright")
    debian = stage / "DEBIAN"
    debian.mkdir()
    files = [p for p in stage.rglob("*") if p.is_file() and not p.is_symlink()]
    size_kib = sum(p.stat().st_size for p in files) // 1024
    values = {
        **fields,
        "ARCH": arch,
        "INSTALLED_SIZE": str(size_kib),
        "DEPENDS": ", ".join(depends(bundle)),
        "RECOMMENDS": ", ".join(RECOMMENDS),
    }
    control = (HERE / "debian" / "control.in").read_text(encoding="utf-8")
    for key, value in values.items():
        control = control.replace(f"@{key}@", value)
    if re.search(r"@[A-Z_]+@", control):
        raise ValueError(f"unfilled field in the control file:\n{control}")
    (debian / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy(HERE / "debian" / script, debian / script)
        (debian / script).chmod(0o755)
    deb = out_dir / f"advisor-app_{fields['VERSION']}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(stage), str(deb)],
        check=True,
    )
    shutil.rmtree(stage)
    return deb
