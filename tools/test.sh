#!/usr/bin/env bash
# Runs the test projects and ends with one summary line, 'N passed, N failed, N skipped'.
#   bash tools/test.sh [--lane Unit|Loopback|Namespace|Vm|Packaging] [dotnet test options]
# Without --lane every lane runs; a lane whose prerequisites this machine lacks is skipped (with
# CI=true, failed). --lane Unit needs nothing but the .NET SDK: no build/bin, no root.
set -uo pipefail
cd "$(dirname "$0")/.." || exit
filter=()
if [ "${1:-}" = "--lane" ]; then
  filter=(--filter "Lane=${2:?--lane needs a lane name}")
  shift 2
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Mandos.slnx -c "${CONFIG:-Release}" --nologo "${filter[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sum() { grep -oE "$1: +[0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
