# Shared by run-app.sh and test.sh: a project virtualenv and Debian packages, installed only when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ADVISOR_APP_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root to run: $*" >&2; return 1; fi
}

# apt_need PKG...: installs the Debian packages that are not installed yet (no-op elsewhere).
apt_need() {
  command -v dpkg >/dev/null || return 0
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Qt's xcb platform plugin and PortAudio are not in the wheels on Linux.
QT_RUNTIME_DEBS=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-image0 libxcb-render-util0 libxcb-xinerama0 libegl1 libgl1 libdbus-1-3 libportaudio2 fonts-dejavu-core)

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV" 2>/dev/null || { apt_need python3-venv; "$PY" -m venv "$VENV"; }
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
  # -e keeps the checkout importable as it is edited; its output only when something fails.
  local log; log=$(mktemp)
  if ! "$VENV/bin/python" -m pip install -q -e "$ROOT$1" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
  "$VENV/bin/python" -c "import advisor_app" # fail loudly if the install did not work
}
