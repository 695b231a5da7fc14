#!/usr/bin/env bash
# Berth's daemon against Docker's, side by side in one run, with the shared yardstick scripts
# (../shared/yardsticks: 01 run latency, 04 idle and per-container memory, 05 50 × run -d, 8 at a time).
# Starts a private dockerd (Debian's 20.10 + containerd + runc) and a private berthd from out/bin, each with its
# own roots and socket, runs the same scripts against both, prints ratios, and stops both by PID.
#   usage: bench/run/run.sh [figures…]   (default: 01 04 05)   env: RUNS (default 20), KEEP=1 keeps the results dir
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
yard=$(cd "$repo/../shared/yardsticks" && pwd)
figures=("${@:-01 04 05}"); figures=(${figures[*]})
scratch=$(mktemp -d /tmp/berth-bench-run.XXXXXX)
results=$scratch/results
mkdir -p "$results"
export RUNS="${RUNS:-20}" WARMUP="${WARMUP:-3}" SCRATCH="$scratch" RESULTS_DIR="$results"
dockerd_pid= berthd_pid=

cleanup() {
  for h in "unix://$scratch/docker.sock" "unix://$scratch/berth.sock"; do
    ids=$(DOCKER_HOST=$h docker ps -aq --filter label=anchors.bench=1 2>/dev/null || true)
    [ -n "$ids" ] && DOCKER_HOST=$h docker rm -f $ids >/dev/null 2>&1 || true
  done
  [ -n "$berthd_pid" ] && kill "$berthd_pid" 2>/dev/null || true
  [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null || true
  sleep 2
  for f in "$scratch"/berth-run/containers/*/shim.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  grep -o " $scratch[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  ip link del bbench0 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$scratch"
}
trap cleanup EXIT

[ -x "$repo/out/bin/berthd" ] || "$repo/build.sh"
# dockerd gets a bridge of its own (other dockerds on this machine may own or remove docker0): same bridge
# networking path as Docker's default, without colliding.
ip link add bbench0 type bridge 2>/dev/null || true
ip addr add 172.31.254.1/24 dev bbench0 2>/dev/null || true
ip link set bbench0 up
dockerd --data-root "$scratch/docker" --exec-root "$scratch/dexec" --pidfile "$scratch/dockerd.pid" \
  -H "unix://$scratch/docker.sock" --bridge bbench0 >"$scratch/dockerd.log" 2>&1 &
dockerd_pid=$!
# berthd [extra flags]: (re)starts the private berthd on the same roots.
start_berthd() {
  if [ -n "$berthd_pid" ]; then kill "$berthd_pid"; wait "$berthd_pid" 2>/dev/null || true; fi
  "$repo/out/bin/berthd" --data-root "$scratch/berth" --exec-root "$scratch/berth-run" -H "unix://$scratch/berth.sock" \
    --bin-dir "$repo/out/bin" --config-file /dev/null "$@" >>"$scratch/berthd.log" 2>&1 &
  berthd_pid=$!
  for _ in $(seq 300); do DOCKER_HOST="unix://$scratch/berth.sock" docker version >/dev/null 2>&1 && break; sleep 0.2; done
}
start_berthd
for _ in $(seq 300); do DOCKER_HOST="unix://$scratch/docker.sock" docker version >/dev/null 2>&1 && break; sleep 0.2; done

for f in "${figures[@]}"; do
  script=$(ls "$yard"/"$f"-*.sh)
  DOCKER_HOST="unix://$scratch/docker.sock" ENGINE_LABEL=docker "$script" || echo "figure $f failed for docker" >&2
  if [ "$f" = 04 ]; then
    # The memory figure tells our shims apart by the container id on their command line; a spare shim gets
    # its command line through a pipe, so this figure runs without the spare (whose RSS is reported apart).
    start_berthd --spare-shim=false
  fi
  DOCKER_HOST="unix://$scratch/berth.sock" ENGINE_LABEL=berth ENGINE_PROCS="berthd berth-shim" PER_CONTAINER_PROCS="berth-shim" \
    "$script" || echo "figure $f failed for berth" >&2
  if [ "$f" = 04 ]; then start_berthd; fi
done
# The spare shim's memory: the one berth-shim whose command line is "berth-shim warm".
for p in $(pgrep -f "berth-shim warm"); do
  [ "$(ps -o ppid= -p "$p" | tr -d ' ')" = "$berthd_pid" ] && echo "spare shim RSS: $(awk '/^Rss:/{print $2}' /proc/$p/smaps_rollup) kB"
done

"$yard/report.sh" "$results/results.tsv" | tee "$scratch/report.md"
echo
echo "ratios (berth / docker, medians):"
awk -F'\t' 'NR>1 { v[$1 FS $2]=$5; ids[$1]=1 } END { for (i in ids) if ((i FS "berth") in v && (i FS "docker") in v && v[i FS "docker"] > 0)
  printf "  %-30s %.2f\n", i, v[i FS "berth"] / v[i FS "docker"] }' "$results/results.tsv" | sort
cp "$results/results.tsv" "$repo/bench/run/last-results.tsv" 2>/dev/null || true
