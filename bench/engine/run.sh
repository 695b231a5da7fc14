#!/usr/bin/env bash
# Issue 5 speed figures, berthd against Debian's dockerd 20.10, both driven by the real docker CLI 28:
#   cp-in     docker cp of a 200 MB tree (2000 files of 100 KiB, random bytes, 20 directories) into a running container
#   cp-out    docker cp of that tree out of the container
#   commit    docker commit of a stopped container with 100 MB of changes (10 files of 10 MiB, random bytes)
#   stats     docker stats --no-stream across 20 running containers
# Both daemons run at once on private roots and sockets (dockerd: --bridge=none --iptables=false --ip6tables=false);
# each repetition measures docker then berth, so load drifts on the machine hit both alike. Medians and ratios
# (berth / docker, lower is better) are printed and written to bench/engine/RESULTS.txt. Both daemons are stopped by PID.
#   usage: bench/engine/run.sh        env: RUNS (default 5), FIGURES (default "cp commit stats"), KEEP=1 keeps the scratch dir
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
docker=/usr/local/bin/docker
runs=${RUNS:-5}
figures=" ${FIGURES:-cp commit stats} "
wants() { [[ $figures == *" $1 "* ]]; }
scratch=$(mktemp -d /tmp/berth-bench-engine.XXXXXX)
dockerd_pid= berthd_pid=
engines=(docker berth)

sock() { echo "unix://$scratch/$1.sock"; }
d() { local e=$1; shift; DOCKER_HOST=$(sock "$e") DOCKER_CONFIG=$scratch/cli "$docker" "$@"; }

cleanup() {
  for e in "${engines[@]}"; do
    ids=$(d "$e" ps -aq 2>/dev/null || true)
    [ -n "$ids" ] && d "$e" rm -f $ids >/dev/null 2>&1 || true
  done
  [ -n "$berthd_pid" ] && kill "$berthd_pid" 2>/dev/null || true
  [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null || true
  for _ in $(seq 50); do
    { [ -n "$berthd_pid" ] && kill -0 "$berthd_pid" 2>/dev/null; } || { [ -n "$dockerd_pid" ] && kill -0 "$dockerd_pid" 2>/dev/null; } || break
    sleep 0.2
  done
  for f in "$scratch"/berth-run/containers/*/shim.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  grep -o " $scratch[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$scratch"
}
trap cleanup EXIT

[ -x "$repo/out/bin/berthd" ] || "$repo/build.sh"
dockerd --data-root "$scratch/docker" --exec-root "$scratch/dexec" --pidfile "$scratch/dockerd.pid" -H "$(sock docker)" \
  --bridge=none --iptables=false --ip6tables=false >"$scratch/dockerd.log" 2>&1 &
dockerd_pid=$!
"$repo/out/bin/berthd" --data-root "$scratch/berth" --exec-root "$scratch/berth-run" -H "$(sock berth)" \
  --bin-dir "$repo/out/bin" --config-file /dev/null >"$scratch/berthd.log" 2>&1 &
berthd_pid=$!
for e in "${engines[@]}"; do
  for _ in $(seq 300); do d "$e" version >/dev/null 2>&1 && break; sleep 0.2; done
  d "$e" version --format "$e: server {{.Server.Version}}"
done

# busybox image (static binary + applet links), imported into both
mkdir -p "$scratch/bb/bin" "$scratch/bb/etc" "$scratch/bb/tmp" "$scratch/bb/proc" "$scratch/bb/sys" "$scratch/bb/dev"
cp "$(command -v busybox)" "$scratch/bb/bin/busybox"
for a in $(busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$scratch/bb/bin/$a"; done
tar -C "$scratch/bb" -cf "$scratch/busybox.tar" .
for e in "${engines[@]}"; do d "$e" import "$scratch/busybox.tar" busybox:latest >/dev/null; done

declare -A samples
names=()
now() { date +%s.%N; }
measure() { # name engine command...
  local name=$1 e=$2; shift 2
  local t0 t1
  t0=$(now); "$@" >/dev/null; t1=$(now)
  samples[$name,$e]+="$(echo "$t1 - $t0" | bc -l) "
}

if wants cp; then
  names+=(cp-in cp-out)
  # the 200 MB tree
  tree=$scratch/tree
  for i in $(seq -w 1 20); do
    mkdir -p "$tree/d$i"
    for j in $(seq -w 1 100); do head -c 102400 /dev/urandom >"$tree/d$i/f$j"; done
  done
  echo "tree: $(du -sb "$tree" | cut -f1) bytes, $(find "$tree" -type f | wc -l) files"
  for e in "${engines[@]}"; do d "$e" run -d --name cp-target busybox sleep 100000 >/dev/null; done
  for r in $(seq "$runs"); do
    for e in "${engines[@]}"; do
      measure cp-in "$e" d "$e" cp "$tree" "cp-target:/tmp/in$r"
      rm -rf "$scratch/out-$e-$r"
      measure cp-out "$e" d "$e" cp "cp-target:/tmp/in$r" "$scratch/out-$e-$r"
      [ "$(du -sb "$scratch/out-$e-$r" | cut -f1)" = "$(du -sb "$tree" | cut -f1)" ] || { echo "cp-out size mismatch ($e)" >&2; exit 1; }
      rm -rf "$scratch/out-$e-$r"
      d "$e" exec cp-target rm -rf "/tmp/in$r"
    done
  done
  for e in "${engines[@]}"; do d "$e" rm -f cp-target >/dev/null; done
fi

if wants commit; then
  names+=(commit)
  for r in $(seq "$runs"); do
    for e in "${engines[@]}"; do
      d "$e" run --name "commit-$r" busybox sh -c 'for i in 0 1 2 3 4 5 6 7 8 9; do head -c 10485760 /dev/urandom > /big$i; done' >/dev/null
      measure commit "$e" d "$e" commit "commit-$r" "bench-commit:$r"
      d "$e" rm "commit-$r" >/dev/null
      d "$e" rmi "bench-commit:$r" >/dev/null
    done
  done
fi

if wants stats; then
  names+=(stats)
  for e in "${engines[@]}"; do
    for i in $(seq 1 20); do d "$e" run -d --name "stats-$i" busybox sleep 100000 >/dev/null; done
    [ "$(d "$e" stats --no-stream --format '{{.Name}}' | wc -l)" = 20 ] || { echo "stats: not 20 rows ($e)" >&2; exit 1; }
  done
  for r in $(seq "$runs"); do
    for e in "${engines[@]}"; do measure stats "$e" d "$e" stats --no-stream; done
  done
fi

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR]=$1 } END { if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2 }'; }
{
  echo "bench/engine/run.sh — $(date -u +%Y-%m-%dT%H:%M:%SZ), $runs runs each, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "docker: dockerd $(d docker version --format '{{.Server.Version}}') (containerd + runc, overlay2); berth: berthd from out/bin"
  printf "%-8s %12s %12s %8s\n" figure "docker (s)" "berth (s)" ratio
  for name in "${names[@]}"; do
    md=$(echo "${samples[$name,docker]}" | median); mb=$(echo "${samples[$name,berth]}" | median)
    printf "%-8s %12.3f %12.3f %8.2f\n" "$name" "$md" "$mb" "$(echo "$mb / $md" | bc -l)"
  done
  echo "samples:"
  for name in "${names[@]}"; do for e in "${engines[@]}"; do echo "  $name $e: ${samples[$name,$e]}"; done; done
} | tee "$scratch/report.txt"
cp "$scratch/report.txt" "$repo/bench/engine/RESULTS${FIGURES:+-${FIGURES// /-}}.txt"
