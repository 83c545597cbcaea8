#!/usr/bin/env bash
# Entry point that works on a fresh Debian 12 machine with only the .NET SDK: installs what the
# target needs (Debian packages), then runs `make TARGET`.
#   bash tools/run.sh demo    the main job: server and client on loopback, the password printed
#   bash tools/run.sh check   every test, interop with Debian's real Mandos included
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-demo}
case "$target" in
  check|test|bench) bash tools/install-deps.sh test ;;
  *) bash tools/install-deps.sh build ;;
esac
exec make "$target" "${@:2}"
