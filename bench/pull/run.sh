#!/usr/bin/env bash
# bench/pull: cold pull of a ~250 MB, 5-layer image from a local docker-registry, side by side:
#   - Berth (bench/pull/BerthPull: Berth.Registry pulling into a fresh Berth store: download, verify, unpack)
#   - Debian's dockerd 20.10 (private daemon, --insecure-registry), `docker pull`
#   - skopeo copy docker://… oci:DIR (no unpacking: the transfer floor)
# and layer unpack throughput: Berth's unpacker against `tar -xzf` of the same gzip layer.
# Prints medians and ratios; writes hyperfine JSON to $OUT.
# Usage: bench/pull/run.sh            (root; needs docker-registry skopeo umoci hyperfine dockerd jq openssl)
# Knobs: RUNS (5), WARMUP (1), OUT (/tmp/berth-bench-pull), SYNC (0: as Docker, no flush; 1: syncfs per layer)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
: "${RUNS:=5}" "${WARMUP:=1}" "${OUT:=/tmp/berth-bench-pull}" "${SYNC:=0}"
W=$(mktemp -d /tmp/berth-pull-bench.XXXXXX)
REG_PID= DOCKERD_PID=
cleanup() {
  [ -z "$REG_PID" ] || kill "$REG_PID" 2>/dev/null || true
  if [ -n "$DOCKERD_PID" ]; then kill "$DOCKERD_PID" 2>/dev/null || true; for _ in $(seq 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done; fi
  grep -o " $W[^ ]*" /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$OUT"
log() { printf '\n== %s\n' "$*" >&2; }

# --- the image -------------------------------------------------------------------
log "making 5 data layers (16 MiB random, 16 MiB base64 of random, 24 MiB text each) on a busybox base"
mkdir -p "$W/rootfs/bin"; cp /bin/busybox "$W/rootfs/bin/"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$W/rootfs/bin/$a"; done
umoci init --layout "$W/oci" >/dev/null
umoci new --image "$W/oci:l0" >/dev/null
umoci unpack --image "$W/oci:l0" "$W/b" >/dev/null
cp -a "$W/rootfs/." "$W/b/rootfs/"
umoci repack --image "$W/oci:l0" "$W/b" >/dev/null
rm -rf "$W/b"
set +o pipefail
stream() { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass "pass:$1" -in /dev/zero 2>/dev/null; }
for i in 1 2 3 4 5; do
  umoci unpack --image "$W/oci:l$((i-1))" "$W/b" >/dev/null
  d=$W/b/rootfs/data/layer$i; mkdir -p "$d"
  stream "berth-$i-r" | head -c 16M | split -b 1M -d - "$d/rand-"
  stream "berth-$i-b" | head -c 12M | base64 -w 76 | split -b 1M -d - "$d/b64-"
  seq -f "layer $i line %09.0f lorem ipsum dolor sit amet, consectetur adipiscing elit" 1 400000 | head -c 24M | split -b 1M -d - "$d/text-"
  umoci repack --image "$W/oci:l$i" "$W/b" >/dev/null
  rm -rf "$W/b"
done
set -o pipefail
umoci config --image "$W/oci:l5" --tag big --config.cmd sh >/dev/null

# --- registry ----------------------------------------------------------------------
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
mkdir -p "$W/reg"
cat > "$W/reg/config.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $W/reg/data}
http: {addr: "$REG"}
EOF
docker-registry serve "$W/reg/config.yml" > "$W/reg/log" 2>&1 &
REG_PID=$!
for _ in $(seq 50); do curl -sf -o /dev/null "http://$REG/v2/" && break; sleep 0.2; done
IMAGE=$REG/bench/big:latest
skopeo copy -q --dest-tls-verify=false "oci:$W/oci:big" "docker://$IMAGE"
MANIFEST=$(skopeo inspect --raw --tls-verify=false "docker://$IMAGE")
CSIZE=$(jq '[.layers[].size] | add' <<<"$MANIFEST")
NLAYERS=$(jq '.layers | length' <<<"$MANIFEST")

# --- Berth -------------------------------------------------------------------------
log "publishing berth-pull (native AOT, as the daemon will be)"
dotnet publish "$REPO/bench/pull/BerthPull" -c Release -r linux-x64 -p:PublishAot=true -p:SelfContained=true \
  -o "$W/berth-pull" --nologo -v q >/dev/null
BP="$W/berth-pull/berth-pull"
SYNCFLAG=$([ "$SYNC" = 1 ] && echo "--sync" || echo "")
FIRST=$($BP pull "$W/store" "$IMAGE" --quiet $SYNCFLAG)
echo "$FIRST" >&2
USIZE=$(awk '/^image /{print $4}' <<<"$FIRST")
log "image: $NLAYERS layers, $CSIZE bytes compressed, $USIZE bytes unpacked"
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --prepare "rm -rf $W/store" \
  --export-json "$OUT/berth.json" "$BP pull $W/store $IMAGE --quiet $SYNCFLAG" >&2

# --- skopeo -----------------------------------------------------------------------------
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --prepare "rm -rf $W/skopeo" \
  --export-json "$OUT/skopeo.json" "skopeo copy -q --src-tls-verify=false docker://$IMAGE oci:$W/skopeo:big" >&2

# --- dockerd ---------------------------------------------------------------------------
log "starting a private dockerd"
SOCK=$W/d.sock
dockerd --data-root "$W/docker" --exec-root "$W/dexec" --pidfile "$W/dockerd.pid" -H "unix://$SOCK" \
  --bridge=none --iptables=false --ip6tables=false --insecure-registry "$REG" --storage-driver=overlay2 > "$W/dockerd.log" 2>&1 &
DOCKERD_PID=$!
D="/usr/bin/docker -H unix://$SOCK"
for _ in $(seq 120); do $D version >/dev/null 2>&1 && break; sleep 0.5; done
$D pull -q "$IMAGE" >/dev/null
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --prepare "$D rmi -f $IMAGE" \
  --export-json "$OUT/dockerd.json" "$D pull -q $IMAGE" >&2

# --- unpack throughput -----------------------------------------------------------------
LAYER=$(jq -r '.layers | max_by(.size) | .digest' <<<"$MANIFEST" | cut -d: -f2)
BLOB=$W/oci/blobs/sha256/$LAYER
LSIZE=$(gzip -dc "$BLOB" | wc -c)
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --prepare "rm -rf $W/untar" \
  --export-json "$OUT/tar.json" "bash -c 'mkdir -p $W/untar && tar -xzf $BLOB -C $W/untar'" >&2
hyperfine --style basic -N --runs "$RUNS" --warmup "$WARMUP" --prepare "rm -rf $W/unpack" \
  --export-json "$OUT/unpack.json" "$BP unpack $BLOB $W/unpack" >&2

# --- report ------------------------------------------------------------------------------
med() { jq '.results[0].median' "$OUT/$1.json"; }
rate() { awk -v b="$1" -v t="$2" 'BEGIN{printf "%.0f", b/1e6/t}'; }
B=$(med berth) S=$(med skopeo) K=$(med dockerd) T=$(med tar) U=$(med unpack)
{
  echo "cold pull of $IMAGE: $NLAYERS layers, $((CSIZE/1000000)) MB compressed, $((USIZE/1000000)) MB unpacked (median of $RUNS)"
  printf "  %-28s %6.2f s  %5s MB/s unpacked  %5s MB/s compressed\n" "berth (syncfs=$SYNC)" "$B" "$(rate "$USIZE" "$B")" "$(rate "$CSIZE" "$B")"
  printf "  %-28s %6.2f s  %5s MB/s unpacked  %5s MB/s compressed\n" "dockerd 20.10" "$K" "$(rate "$USIZE" "$K")" "$(rate "$CSIZE" "$K")"
  printf "  %-28s %6.2f s  %5s MB/s (no unpack)   %5s MB/s compressed\n" "skopeo copy → oci:" "$S" "-" "$(rate "$CSIZE" "$S")"
  awk -v b="$B" -v k="$K" -v s="$S" 'BEGIN{printf "  berth is %.2fx dockerd'"'"'s throughput; %.2fx skopeo'"'"'s time\n", k/b, b/s}'
  echo "unpack of one layer ($((LSIZE/1000000)) MB tar, gzip):"
  printf "  %-28s %6.3f s  %5s MB/s\n" "tar -xzf" "$T" "$(rate "$LSIZE" "$T")"
  printf "  %-28s %6.3f s  %5s MB/s\n" "berth unpack (+diffID)" "$U" "$(rate "$LSIZE" "$U")"
  awk -v t="$T" -v u="$U" 'BEGIN{printf "  berth unpack is %.2fx tar'"'"'s throughput\n", t/u}'
} | tee "$OUT/report.txt"
