#!/usr/bin/env bash
# Benchmarks `berth` against the docker CLI (28.x) on the same idle daemon with hyperfine.
#
#   bench/cli/run.sh                 # starts a private dockerd (Debian's 20.10) and measures against it
#   DAEMON_HOST=unix:///run/berth/berth.sock bench/cli/run.sh   # measures against a running daemon (berthd)
#
# Environment: BERTH (default out/bin/berth), DOCKER_CLI (default /usr/local/bin/docker), RUNS (default 100).
# Results: bench/results/cli-<timestamp>.json and a summary table with ratios on stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
BERTH=${BERTH:-$PWD/out/bin/berth}
DOCKER_CLI=${DOCKER_CLI:-/usr/local/bin/docker}
RUNS=${RUNS:-100}
[ -x "$BERTH" ] || { echo "berth not found at $BERTH (run ./build.sh)" >&2; exit 1; }
[ -x "$DOCKER_CLI" ] || { echo "docker CLI not found at $DOCKER_CLI" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 1; }

work=$(mktemp -d /tmp/berth-bench-cli.XXXXXX)
dockerd_pid=""
cleanup() {
  if [ -n "$dockerd_pid" ]; then
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
    grep -o " $work[^ ]*" /proc/self/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${DAEMON_HOST:-}" ]; then
  dockerd --data-root "$work/data" --exec-root "$work/exec" --pidfile "$work/dockerd.pid" \
    -H "unix://$work/docker.sock" --bridge=none --iptables=false --ip6tables=false >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 300); do
    DOCKER_HOST="unix://$work/docker.sock" "$DOCKER_CLI" version >/dev/null 2>&1 && break
    sleep 0.1
  done
  DAEMON_HOST="unix://$work/docker.sock"
  daemon_name="dockerd $(DOCKER_HOST=$DAEMON_HOST "$DOCKER_CLI" version --format '{{.Server.Version}}')"
else
  daemon_name="$DAEMON_HOST"
fi
export DOCKER_HOST="$DAEMON_HOST" BERTH_HOST="$DAEMON_HOST" DOCKER_CONFIG="$work/config" DOCKER_CLI_HINTS=false

mkdir -p bench/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json="bench/results/cli-$stamp.json"
hyperfine -N --warmup 10 --runs "$RUNS" --export-json "$json" \
  -n "berth version" "$BERTH version" -n "docker version" "$DOCKER_CLI version" \
  -n "berth ps" "$BERTH ps" -n "docker ps" "$DOCKER_CLI ps" \
  -n "berth --version" "$BERTH --version" -n "docker --version" "$DOCKER_CLI --version" >/dev/null

echo "daemon: $daemon_name; $(nproc) CPUs; runs: $RUNS; results: $json"
jq -r '
  .results as $r
  | ["command", "mean ms", "median ms", "user+sys ms"],
    ($r[] | [.command, (.mean*1000|.*10|round/10), (.median*1000|.*10|round/10), ((.user+.system)*1000|.*10|round/10)])
  | @tsv' "$json" | column -t -s $'\t'
echo
jq -r '
  .results as $r
  | [range(0; $r|length; 2)] | .[]
  | ($r[.]) as $b | ($r[.+1]) as $d
  | "\($b.command) / \($d.command): wall \(($b.median/$d.median*100|round)/100)  cpu \((( ($b.user+$b.system)/($d.user+$d.system))*100|round)/100)"' "$json"
