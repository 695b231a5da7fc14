#!/usr/bin/env bash
# Builds Berth, installs it (PREFIX, default /usr/local), starts berthd, makes a busybox image from Debian's
# busybox-static and runs a container from it. Run as root. Stop the daemon with: kill "$(cat /run/berth/berthd.pid)"
set -euo pipefail
cd "$(dirname "$0")"
PREFIX="${PREFIX:-/usr/local}"
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (berthd manages namespaces, cgroups and mounts)" >&2; exit 1; }

if ! command -v busybox >/dev/null 2>&1 || ! file -L "$(command -v busybox)" 2>/dev/null | grep -q static; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q busybox-static
fi

./build.sh
install -d "$PREFIX/lib/berth" "$PREFIX/bin"
for f in berth berthd berth-shim berth-runtime libe_sqlite3.so; do
  install -m 0755 "out/bin/$f" "$PREFIX/lib/berth/$f"
done
for f in berth berthd berth-runtime; do ln -sf "../lib/berth/$f" "$PREFIX/bin/$f"; done
getent group berth >/dev/null || groupadd --system berth || true

mkdir -p /run/berth
if [ -f /run/berth/berthd.pid ] && kill -0 "$(cat /run/berth/berthd.pid)" 2>/dev/null; then
  echo "== berthd already running (pid $(cat /run/berth/berthd.pid)); restarting it"
  kill "$(cat /run/berth/berthd.pid)"; sleep 1
fi
"$PREFIX/bin/berthd" >>/var/log/berthd.log 2>&1 &
echo $! > /run/berth/berthd.pid
for _ in $(seq 100); do [ -S /run/berth/berth.sock ] && "$PREFIX/bin/berth" version >/dev/null 2>&1 && break; sleep 0.1; done
echo "== berthd running (pid $(cat /run/berth/berthd.pid), log /var/log/berthd.log)"

if ! "$PREFIX/bin/berth" image inspect busybox:latest >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
  cp "$(command -v busybox)" "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$rootfs/bin/$applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
  tar -C "$rootfs" -c . | "$PREFIX/bin/berth" import - busybox:latest
fi

"$PREFIX/bin/berth" run --rm busybox echo "Hello from a Berth container"
