#!/usr/bin/env bash
# Installs the .deb into a fresh minimal Debian with `apt-get install ./file.deb`, starts the app
# there (the frozen self-test, then the desktop app with its demo on the host's X server until its
# main window is ready), removes and purges it, and checks that nothing of it is left behind.
#
#   packaging/linux/clean-install-test.sh dist/advisor-app_0.1.0_amd64.deb
#
# Needs root, debootstrap and Debian's package mirror (MIRROR, SUITE). The minimal system is made
# once with debootstrap and kept in CLEAN_DEBIAN_CACHE; every run works on a fresh copy of it.
# DISPLAY must name an X server whose socket is in /tmp/.X11-unix (scripts/package-check.sh starts Xvfb).
set -euo pipefail
DEB="$(realpath "$1")"
SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
CACHE="${CLEAN_DEBIAN_CACHE:-/var/tmp/advisor-clean-debian-$SUITE}"
[ "$(id -u)" -eq 0 ] || { echo "clean-install-test: needs root (debootstrap, chroot)" >&2; exit 2; }

if [ ! -x "$CACHE/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  echo "== debootstrap $SUITE into $CACHE (once)"
  debootstrap --variant=minbase "$SUITE" "$CACHE" "$MIRROR" >/dev/null
fi
SYS="$(mktemp -d /tmp/advisor-clean-debian.XXXXXX)"
MOUNTS=()
cleanup() {
  for ((i=${#MOUNTS[@]}-1; i>=0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  rm -rf --one-file-system "$SYS"
}
trap cleanup EXIT
cp -a "$CACHE/." "$SYS/"
for fs in proc sys dev; do mount --rbind "/$fs" "$SYS/$fs"; MOUNTS+=("$SYS/$fs"); done
if [ -d /tmp/.X11-unix ]; then
  mkdir -p "$SYS/tmp/.X11-unix"; mount --bind /tmp/.X11-unix "$SYS/tmp/.X11-unix"; MOUNTS+=("$SYS/tmp/.X11-unix")
fi
cp /etc/resolv.conf "$SYS/etc/resolv.conf"
cp "$DEB" "$SYS/tmp/"
in_chroot() { chroot "$SYS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
before="$(in_chroot dpkg-query -W -f='${Package}\n' | sort)"

echo "== apt-get install ./$(basename "$DEB") (clean $SUITE)"
in_chroot apt-get update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "./tmp/$(basename "$DEB")" >/dev/null
in_chroot dpkg-query -W -f='installed ${Package} ${Version}\n' advisor-app
test -L "$SYS/usr/bin/advisor-app" && test -x "$SYS/opt/advisor-app/advisor-app"
test -f "$SYS/usr/share/applications/advisor-app.desktop"

echo "== advisor-app self-test (in the clean system)"
in_chroot advisor-app self-test

if [ -n "${DISPLAY:-}" ]; then
  echo "== advisor-app (desktop, demo) on $DISPLAY"
  log="$SYS/tmp/app.log"
  # Started directly (chroot and env exec): $! is the app itself, so the kill below reaches it.
  chroot "$SYS" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 DISPLAY="$DISPLAY" \
    advisor-app --no-customer-bot >/dev/null 2>"$log" &
  app=$!
  started=$(date +%s.%N)
  shown=""
  for _ in $(seq 300); do
    if grep -q "main window ready" "$log"; then shown=$(echo "$(date +%s.%N) - $started" | bc); break; fi
    kill -0 "$app" 2>/dev/null || break
    sleep 0.1
  done
  kill -TERM "$app" 2>/dev/null || true
  wait "$app" || true
  sleep 1
  for proc in /proc/[0-9]*; do  # no process may still run inside the clean system
    if [ "$(readlink "$proc/root" 2>/dev/null)" = "$SYS" ]; then
      echo "still running after the app quit: $(tr '\0' ' ' < "$proc/cmdline")"; exit 1
    fi
  done
  [ -n "$shown" ] || { echo "the app did not show its window:"; tail -30 "$log"; exit 1; }
  echo "main window ready after ${shown} s (clean system, first start)"
fi

echo "== apt-get purge advisor-app"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq advisor-app >/dev/null
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >/dev/null
left="$(cd "$SYS" && find opt usr etc var/lib/dpkg/info -path '*advisor-app*' 2>/dev/null || true)"
[ -z "$left" ] || { echo "left behind after purge:"; echo "$left"; exit 1; }
after="$(in_chroot dpkg-query -W -f='${Package}\n' | sort)"
[ "$before" = "$after" ] || { echo "packages differ after purge:"; diff <(echo "$before") <(echo "$after") || true; exit 1; }
echo "clean install, start and purge: OK"
