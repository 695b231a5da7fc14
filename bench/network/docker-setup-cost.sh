#!/usr/bin/env bash
# Docker's network setup cost inside `run`: `docker run --rm IMAGE true` on the default bridge against
# `--network none`, with a private Debian dockerd (20.10) on its own bridge (--iptables=false: the host's firewall
# is not touched). The difference is what Docker spends on the container's network (libnetwork's sandbox, veth,
# IPAM, the network hook re-executing dockerd). Prints medians from hyperfine; cleans up by PID and prefix.
# Usage: bench/network/docker-setup-cost.sh [runs]
set -euo pipefail
runs="${1:-10}"
prefix="bd$(head -c2 /dev/urandom | od -An -tx1 | tr -d ' \n')"
root="/tmp/berth-bench-$prefix"
bridge="${prefix}br0"
octet=$((230 + RANDOM % 20))
sock="$root/docker.sock"
mkdir -p "$root/rootfs/bin" "$root/data" "$root/exec"
dockerd_pid=""
cleanup() {
  set +e
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid"
    for _ in $(seq 1 50); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  grep -o " $root[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
  ip link del "$bridge" 2>/dev/null
  rm -rf "$root"
}
trap cleanup EXIT

ip link add "$bridge" type bridge
ip addr add "10.$octet.250.1/24" dev "$bridge"
ip link set "$bridge" up

cp /bin/busybox "$root/rootfs/bin/busybox"
for applet in sh true sleep; do ln -s busybox "$root/rootfs/bin/$applet"; done

dockerd --data-root "$root/data" --exec-root "$root/exec" --pidfile "$root/dockerd.pid" -H "unix://$sock" \
  --bridge="$bridge" --iptables=false --ip6tables=false --ip-forward=false >"$root/dockerd.log" 2>&1 &
dockerd_pid=$!
for _ in $(seq 1 100); do docker -H "unix://$sock" version >/dev/null 2>&1 && break; sleep 0.2; done
tar -C "$root/rootfs" -c . | docker -H "unix://$sock" import - berthbench:busybox >/dev/null

docker -H "unix://$sock" run --rm berthbench:busybox true   # warm up
hyperfine -N --warmup 1 --runs "$runs" --export-json "$root/result.json" \
  "docker -H unix://$sock run --rm --network none berthbench:busybox true" \
  "docker -H unix://$sock run --rm berthbench:busybox true" >/dev/null
none=$(jq '.results[0].median * 1000' "$root/result.json")
bridged=$(jq '.results[1].median * 1000' "$root/result.json")
printf 'docker run --rm true, --network none: median %.0f ms\n' "$none"
printf 'docker run --rm true, default bridge: median %.0f ms\n' "$bridged"
printf 'docker network setup+teardown cost (difference): %.0f ms\n' "$(echo "$bridged - $none" | bc -l)"
