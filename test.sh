#!/usr/bin/env bash
# Runs every Logbeam test. Installs what the tests need on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-test-deps.sh

results=TestResults
rm -rf "$results"
dotnet build Logbeam.slnx -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test Logbeam.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# One closing line, whatever the runner: "tests: N passed, N failed".
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# The failures again, last, so that the tail of a long log names them.
if [ "$failed" -gt 0 ]; then
  python3 scripts/trx-failures.py "$results"/*.trx || true
fi
echo "tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
