#!/usr/bin/env bash
# Builds the installable app from build.spec and smoke-tests the frozen build, as CI does:
#   - PyInstaller one-folder in dist/advisor-app/, then (Linux) the portable .tar.gz and the .deb;
#     their sizes are printed;
#   - the frozen `advisor-app self-test`;
#   - a short call: the frozen `advisor-app platform`, the frozen `advisor-app headless` and the
#     simulated customer from the frozen `advisor-app customer-bot`;
#   - the frozen desktop app under Xvfb, timed from start to its main window; the bundle's size.
# Options:
#   --reuse         smoke-test the existing dist/advisor-app without building again
#   --clean-debian  also install the .deb into a fresh Debian with apt-get, start it and purge it
#                   (debootstrap + chroot; root; ~3 minutes the first time, not part of CI)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
REUSE=""; CLEAN_DEBIAN=""
for arg in "$@"; do
  case "$arg" in
    --reuse) REUSE="--reuse" ;;
    --clean-debian) CLEAN_DEBIAN=1 ;;
    *) echo "usage: $0 [--reuse] [--clean-debian]" >&2; exit 2 ;;
  esac
done
# strip/file slim the bundle; xwininfo sees the window; dpkg-deb is part of dpkg.
apt_need "${QT_RUNTIME_DEBS[@]}" xvfb x11-utils binutils file
ensure_venv "[test,package]"
BIN="$VENV/bin"

echo "== build"
started=$(date +%s)
"$BIN/python" scripts/build.py --linux-packages $REUSE
echo "build took $(( $(date +%s) - started )) s"

if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:96
  if [ ! -S /tmp/.X11-unix/X96 ]; then
    Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    trap 'kill "$XVFB_PID" 2>/dev/null || true' EXIT
    for _ in $(seq 50); do [ -S /tmp/.X11-unix/X96 ] && break; sleep 0.1; done
  fi
fi

echo "== smoke test of the frozen app"
ADVISOR_APP_FROZEN="$ROOT/dist/advisor-app/advisor-app" \
  "$BIN/python" -m pytest -p no:cacheprovider -s -q tests/packaging/test_frozen_app.py

if [ -n "$CLEAN_DEBIAN" ]; then
  echo "== the .deb on a clean Debian"
  packaging/linux/clean-install-test.sh dist/advisor-app_*.deb
fi
