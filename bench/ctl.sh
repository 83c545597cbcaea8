#!/bin/bash
# bench/ctl.sh -- mandos-ctl listing speed, ours vs Debian's, against a server with 1,000 clients
# on a private D-Bus system bus (loopback and a private bus only): Debian's real server 1.8.16,
# then ours. Against Debian's server the server's own GetManagedObjects dominates; against ours
# the ctl's start-up and formatting do.
# Needs root (the servers drop to _mandos) and `make build` (build/bin/mandos-ctl, build/bin/mandos).
# Prints a side-by-side table of median wall times and whether both ctls printed the same bytes.
#
# Knobs (environment): BENCH_CTL_CLIENTS (1000), BENCH_CTL_RUNS (10 timed runs per command),
# BENCH_CTL_SERVERS ("debian ours"), BIN (build/bin).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/build/bin}
CLIENTS=${BENCH_CTL_CLIENTS:-1000}
RUNS=${BENCH_CTL_RUNS:-10}
SERVERS=${BENCH_CTL_SERVERS:-debian ours}
OURS=$BIN/mandos-ctl
DEBIANS=/usr/sbin/mandos-ctl

progress() { printf '[bench ctl] %s\n' "$*" >&2; }
die() { printf 'bench ctl: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (Debian's server switches to _mandos)"
[ -x "$OURS" ] || die "$OURS missing: run 'make build' first"
bash "$ROOT/tools/real-mandos.sh" install
[ -x "$DEBIANS" ] || die "$DEBIANS missing"

W=$(mktemp -d /tmp/mandos-bench-ctl.XXXXXX)
chmod 755 "$W"
BUS_PID=
SERVER_PID=
stop_servers() {
  if [ -n "$SERVER_PID" ]; then
    pkill -TERM -P "$SERVER_PID" 2>/dev/null || true # checkers still running
    kill "$SERVER_PID" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null # a busy Python server may take minutes to stop
    wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
  fi
  return 0
}
cleanup() {
  set +e
  stop_servers
  [ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT

# A private bus that lets the server own its names.
DBUS_SYSTEM_BUS_ADDRESS=$(bash "$ROOT/tools/real-mandos.sh" bus "$W")
export DBUS_SYSTEM_BUS_ADDRESS
BUS_PID=$(cat "$W/dbus/pid")

# clients.conf: fake keys are enough to be listed; every section has a fingerprint (Debian's 1.8.16
# needs one) and a long interval, so checkers do not run during the measurement.
mkdir -p "$W/conf"
{
  printf '[DEFAULT]\nchecker = true\ninterval = PT1H\n\n'
  for i in $(seq 1 "$CLIENTS"); do
    printf '[client-%05d.example.org]\nkey_id = %064x\nfingerprint = %040X\nsecret = c2VjcmV0\nhost = 192.0.2.%d\n\n' \
      "$i" "$i" "$i" $((i % 250 + 1))
  done
} > "$W/conf/clients.conf"
printf '[DEFAULT]\n' > "$W/conf/mandos.conf"
chmod 755 "$W/conf"; chmod 644 "$W/conf/"*

start_server() { # debian|ours
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # Started directly (not by tools/real-mandos.sh): readiness is "all clients listed", below.
  mkdir -p "$W/state-$1"; chown _mandos:_mandos "$W/state-$1" 2>/dev/null || chown nobody:nogroup "$W/state-$1"
  chmod 700 "$W/state-$1"
  local program=$BIN/mandos extra=()
  if [ "$1" = debian ]; then program=/usr/sbin/mandos; extra=(--no-ipv6); fi
  "$program" --foreground --no-zeroconf --no-restore "${extra[@]}" --address 127.0.0.1 --port "$PORT" \
    --configdir "$W/conf" --statedir "$W/state-$1" > "$W/$1.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do
    [ "$("$OURS" 2>/dev/null | wc -l)" = $((CLIENTS + 1)) ] && break
    sleep 0.2
  done
  [ "$("$OURS" | wc -l)" = $((CLIENTS + 1)) ] || die "the $1 server never listed its $CLIENTS clients: $(tail -n 5 "$W/$1.log")"
  # The start-up checkers change LastCheckedOK and Expires: wait until two dumps agree.
  "$OURS" -j > "$W/a.json"
  for _ in $(seq 120); do
    sleep 3; "$OURS" -j > "$W/b.json"
    cmp -s "$W/a.json" "$W/b.json" && break
    mv "$W/b.json" "$W/a.json"
  done
}

same() { # ARGS...: do both ctls print the same bytes? (a checker finishing in between may differ once)
  for _ in 1 2 3; do
    "$OURS" "$@" > "$W/ours.out" 2>&1; "$DEBIANS" "$@" > "$W/debians.out" 2>&1
    if cmp -s "$W/ours.out" "$W/debians.out"; then echo same; return; fi
  done
  echo DIFFERENT
  { diff "$W/ours.out" "$W/debians.out" || true; } | head -n 6 | sed 's/^/[bench ctl] ours<>debian: /' >&2
}

median_ms() { # COMMAND...: median wall time in ms over RUNS runs
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$W/h.json" --output=null -- "$*" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$W/h.json"
  else
    local times=() t0 i
    for i in $(seq "$RUNS"); do
      t0=$EPOCHREALTIME; "$@" >/dev/null; times+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print (b - a) * 1000 }')")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
  fi
}

printf '\nmandos-ctl listing %d clients, median wall time of %d runs%s\n' "$CLIENTS" "$RUNS" \
  "$(command -v hyperfine >/dev/null && echo ' (hyperfine)')"
printf '%-16s %-24s %10s %12s %8s %9s\n' server command "our ctl" "Debian's" speedup output
for server in $SERVERS; do
  progress "starting $server server with $CLIENTS clients"
  start_server "$server"
  progress "timing"
  for args in "" "--verbose" "--dump-json"; do
    # shellcheck disable=SC2086
    o=$(median_ms "$OURS" $args); d=$(median_ms "$DEBIANS" $args); s=$(same $args)
    printf '%-16s %-24s %7s ms %9s ms %7sx %9s\n' "$server" "mandos-ctl ${args}" "$o" "$d" \
      "$(awk -v o="$o" -v d="$d" 'BEGIN { printf "%.1f", d / o }')" "$s"
  done
  stop_servers
done
