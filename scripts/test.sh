#!/usr/bin/env bash
# Installs everything the tests need (Debian packages and Python packages) and runs the whole suite:
# lint, format check, types, import boundaries, then pytest with a real platform, real aiortc peers,
# a real Chromium, a real PulseAudio null sink and a real TURN relay. Extra arguments go to pytest.
#
#   scripts/test.sh --fast [ARGS]   the fast tier (under 3 minutes on 2 cores): the same checks, then
#                                   the tests that need no browser, network namespace, TURN relay,
#                                   sound device or whole-app process (the `slow` ones neither).
#                                   The whole run (`.ci/run`) still runs everything.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
FAST=0
if [ "${1:-}" = "--fast" ]; then FAST=1; shift; fi
cd "$ROOT"
apt_need "${QT_RUNTIME_DEBS[@]}" chromium firefox-esr pulseaudio xvfb coturn iproute2 procps nftables socat
ensure_venv "[test]"
BIN="$VENV/bin"

# Each check on its own line: under `set -e` a failure inside an `a && b` list would not stop us.
echo "== ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check .
echo "== mypy"
"$BIN/mypy"
echo "== import boundaries"
"$BIN/lint-imports"

# A speaker-to-microphone loopback for the audio tests: PulseAudio with a null sink.
if ! pactl info >/dev/null 2>&1; then
  pulseaudio -D --exit-idle-time=-1 --log-target=stderr >/dev/null 2>&1 || true
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
fi
pactl list short sinks 2>/dev/null | grep -q '\bspk\b' ||
  pactl load-module module-null-sink sink_name=spk rate=48000 >/dev/null
# A virtual screen for the tests that run the real app in a real window.
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:97
  pgrep -f "Xvfb $DISPLAY" >/dev/null || (Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &)
fi

echo "== pytest"
if [ "$FAST" = 1 ]; then
  exec "$BIN/python" -m pytest -p no:cacheprovider \
    -m "not slow and not browser and not netns and not turn and not audio" \
    --ignore=tests/e2e --ignore=tests/app --ignore=tests/packaging --ignore=tests/netns "$@"
fi
exec "$BIN/python" -m pytest -p no:cacheprovider "$@"
