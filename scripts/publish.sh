#!/usr/bin/env bash
# Builds what an install needs (docs/operations.md#installing):
#   <out>/server/<rid>/  the server as one self-contained executable (no .NET needed on the target), with the
#                        appsettings.json it ships with and the SQLite library it loads
#   <out>/tool/          the CLI as a .NET tool package: dotnet tool install -g --add-source <out>/tool Logbeam.Cli
# Usage: scripts/publish.sh [-o DIR] [RID...]   (default: artifacts/, linux-x64 and linux-arm64)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/artifacts
if [ "${1:-}" = "-o" ]; then
  out=$(mkdir -p "$2" && cd "$2" && pwd)
  shift 2
fi
rids=("$@")
[ ${#rids[@]} -gt 0 ] || rids=(linux-x64 linux-arm64)

# Intermediate files go to artifacts/build (whatever -o says, so a second run is quick), not the projects' bin/ and
# obj/: a publish for another runtime does not disturb a build or a test run in the same tree.
build=$root/artifacts/build

for rid in "${rids[@]}"; do
  rm -rf "${out:?}/server/$rid"
  dotnet publish "$root/src/Logbeam.Server" -c Release -r "$rid" --self-contained -p:PublishSingleFile=true \
    -p:DebugType=none -p:AllowedReferenceRelatedFileExtensions=none \
    --artifacts-path "$build" -o "$out/server/$rid" -nologo -clp:ErrorsOnly
done

rm -rf "${out:?}/tool"
dotnet pack "$root/src/Logbeam.Cli" -c Release --artifacts-path "$build" -o "$out/tool" -nologo -clp:ErrorsOnly
echo "published to $out"
