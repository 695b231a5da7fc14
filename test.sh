#!/usr/bin/env bash
# Runs every test: unit tests (no root needed) and integration tests (root: namespaces, cgroups, daemons).
# Integration tests use the native binaries in out/bin (built here) and start the services they need.
set -euo pipefail
cd "$(dirname "$0")"
./build.sh
export BERTH_BIN="$PWD/out/bin"
filter=()
if [ "$(id -u)" != "0" ]; then
  echo "not root: skipping integration tests"
  filter=(--filter "Category!=Integration")
fi
dotnet build Berth.sln -c Release --nologo -v quiet
status=0
for project in tests/*/; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo "${filter[@]}" --logger "console;verbosity=normal" || status=1
done
exit $status
