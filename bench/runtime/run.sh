#!/usr/bin/env bash
# OCI `run` of one busybox bundle running `true` (create + start + wait + delete), berth-runtime side by side
# with runc and crun, measured with hyperfine in the same session; prints medians and ratios.
# Bundle: a busybox-static rootfs, `runc spec` with terminal=false, args=["true"], hostname set (as the
# yardstick ../shared/yardsticks/03-oci-runtime.sh builds it). A fresh container id per run.
# crun 1.8 refuses hybrid cgroup hosts whose cgroup2 mount lists a controller: like the yardsticks' hybrid_ns,
# the script re-runs itself in a private mount namespace where that one file looks empty.
# Usage: bench/runtime/run.sh            RUNS=50 WARMUP=5 BERTH_BIN=out/bin bench/runtime/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
: "${BERTH_BIN:=$repo/out/bin}"
: "${RUNS:=40}"
: "${WARMUP:=5}"
: "${SCRATCH:=/tmp/berth-bench-runtime}"
: "${RUNTIMES:=berth-runtime crun runc}"

f=/sys/fs/cgroup/unified/cgroup.controllers
if [ -z "${IN_HYBRID_NS:-}" ] && [ -n "$(cat "$f" 2>/dev/null)" ]; then
  mkdir -p "$SCRATCH"; : > "$SCRATCH/empty"
  IN_HYBRID_NS=1 exec unshare --mount --propagation private \
    bash -c 'mount --bind "$0" /sys/fs/cgroup/unified/cgroup.controllers && exec "$@"' "$SCRATCH/empty" bash "$0" "$@"
fi

for tool in hyperfine jq runc crun busybox; do command -v $tool >/dev/null || { echo "missing: $tool" >&2; exit 1; }; done
[ -x "$BERTH_BIN/berth-runtime" ] || { echo "build first: $BERTH_BIN/berth-runtime" >&2; exit 1; }

B=$SCRATCH/bundle
cleanup() {
  for rt in $RUNTIMES; do
    bin=$rt; [ "$rt" = berth-runtime ] && bin=$BERTH_BIN/berth-runtime
    for id in $($bin --root "$SCRATCH/state-$rt" list -q 2>/dev/null); do $bin --root "$SCRATCH/state-$rt" delete -f "$id" >/dev/null 2>&1 || true; done
    rm -rf "$SCRATCH/state-$rt"
  done
  rm -rf "$B"
}
trap cleanup EXIT
rm -rf "$B"; mkdir -p "$B/rootfs"/{bin,etc,tmp,proc,sys,dev,root}
bb=$(command -v busybox); cp "$bb" "$B/rootfs/bin/busybox"
for a in $("$bb" --list); do [ "$a" = busybox ] || ln -sf busybox "$B/rootfs/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$B/rootfs/etc/passwd"
runc spec --bundle "$B"
jq '.process.terminal=false | .process.args=["true"] | .hostname="bench"' "$B/config.json" > "$B/c" && mv "$B/c" "$B/config.json"

cmds=()
for rt in $RUNTIMES; do
  bin=$rt; [ "$rt" = berth-runtime ] && bin=$BERTH_BIN/berth-runtime
  mkdir -p "$SCRATCH/state-$rt"
  $bin --root "$SCRATCH/state-$rt" run --bundle "$B" "check-$$" >/dev/null   # must work once
  cmds+=("$bin --root $SCRATCH/state-$rt run --bundle $B b\$\$")
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$SCRATCH/results.json" "${cmds[@]}" >&2
jq -r '.results | (map({key: (.command | split(" ")[0] | split("/") | last), value: .median}) | from_entries) as $m
  | ($m["berth-runtime"]) as $b
  | "median ms: " + ([$m | to_entries[] | "\(.key) \((.value * 10000 | round) / 10)"] | join(", ")),
    "berth-runtime / crun = \(if $m.crun then ($b / $m.crun * 100 | round / 100) else "n/a" end)",
    "berth-runtime / runc = \(if $m.runc then ($b / $m.runc * 100 | round / 100) else "n/a" end)"' \
  <(jq '{results: [.results[] | {command, median}]}' "$SCRATCH/results.json")
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
