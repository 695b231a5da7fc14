#!/usr/bin/env bash
# Publishes every native-AOT binary into out/bin/.
set -euo pipefail
cd "$(dirname "$0")"
out="${OUT:-$PWD/out/bin}"
mkdir -p "$out"
for project in berth-runtime berth-shim berthd berth; do
  echo "== publishing $project (native AOT)"
  dotnet publish "src/$project/$project.csproj" -c Release -r linux-x64 -o "$out" --nologo -v quiet -p:DebugType=none
done
rm -f "$out"/*.dbg
ls -l "$out"
