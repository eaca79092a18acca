#!/usr/bin/env bash
# Installs the app into .venv and starts it. With no --server it runs the embedded demo platform.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ "$(uname -s)" = Linux ]; then apt_need "${QT_RUNTIME_DEBS[@]}" || echo "(continuing without them)"; fi
ensure_venv ""
exec "$VENV/bin/advisor-app" "$@"
