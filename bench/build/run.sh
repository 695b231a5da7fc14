#!/usr/bin/env bash
# Builds with Berth's daemon against Docker's, side by side in one run, with the shared yardstick script
# ../shared/yardsticks/07-build.sh: a cold build (--no-cache) and a fully cached rebuild of the same 10-instruction
# Dockerfile (FROM, ENV, WORKDIR, COPY 100 files, RUN, COPY, RUN, LABEL, EXPOSE, CMD), classic builder
# (DOCKER_BUILDKIT=0) on both. Starts a private dockerd (Debian's 20.10) and a private berthd from out/bin, each with
# its own roots and socket, prints hyperfine's medians and the ratios, and stops both by PID.
#   usage: bench/build/run.sh     env: RUNS_BUILD (cold runs, default 5; cached runs are twice that),
#                                      BUILDERS ("legacy", or "legacy buildkit" for dockerd's BuildKit rows too),
#                                      KEEP=1 keeps the results dir
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
yard=$(cd "$repo/../shared/yardsticks" && pwd)
scratch=$(mktemp -d /tmp/berth-bench-build.XXXXXX)
results=$scratch/results
mkdir -p "$results"
export RUNS_BUILD="${RUNS_BUILD:-5}" WARMUP_BUILD="${WARMUP_BUILD:-1}" SCRATCH="$scratch" RESULTS_DIR="$results"
export BUILDERS="${BUILDERS:-legacy}"
dockerd_pid= berthd_pid=

cleanup() {
  [ -n "$berthd_pid" ] && kill "$berthd_pid" 2>/dev/null || true
  [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null || true
  for p in $berthd_pid $dockerd_pid; do for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done; done
  grep -o " $scratch[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$scratch"
}
trap cleanup EXIT

[ -x "$repo/out/bin/berthd" ] || "$repo/build.sh"
dockerd --data-root "$scratch/docker" --exec-root "$scratch/dexec" --pidfile "$scratch/dockerd.pid" \
  -H "unix://$scratch/docker.sock" --bridge=none --iptables=false --ip6tables=false >"$scratch/dockerd.log" 2>&1 &
dockerd_pid=$!
"$repo/out/bin/berthd" --data-root "$scratch/berth" --exec-root "$scratch/berth-run" -H "unix://$scratch/berth.sock" \
  --bin-dir "$repo/out/bin" --config-file /dev/null >"$scratch/berthd.log" 2>&1 &
berthd_pid=$!
for s in docker.sock berth.sock; do
  for _ in $(seq 300); do DOCKER_HOST="unix://$scratch/$s" docker version >/dev/null 2>&1 && break; sleep 0.2; done
done

DOCKER_HOST="unix://$scratch/docker.sock" ENGINE_LABEL=docker ENGINE="docker" "$yard/07-build.sh" || echo "build figure failed for docker" >&2
DOCKER_HOST="unix://$scratch/berth.sock" ENGINE_LABEL=berth ENGINE="docker" "$yard/07-build.sh" || echo "build figure failed for berth" >&2

"$yard/report.sh" "$results/results.tsv" | tee "$scratch/report.md"
echo
echo "ratios (docker / berth, medians: how many times faster berth is):"
awk -F'\t' 'NR>1 { v[$1 FS $2]=$5; ids[$1]=1 } END { for (i in ids) if ((i FS "berth") in v && (i FS "docker") in v && v[i FS "berth"] > 0)
  printf "  %-24s docker %8.3f s   berth %8.3f s   %.1fx\n", i, v[i FS "docker"], v[i FS "berth"], v[i FS "docker"] / v[i FS "berth"] }' "$results/results.tsv" | sort
cp "$results/results.tsv" "$repo/bench/build/last-results.tsv" 2>/dev/null || true
