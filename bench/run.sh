#!/bin/bash
# bench/run.sh -- our Mandos programs side by side with Debian's, on loopback only.
# Run by `make bench` (after `make build`); needs root (Debian's server drops to _mandos, Debian's
# client is setuid root) and Debian's mandos + mandos-client packages (installed if missing).
#
#  1. Server throughput: bench/LoadGen (mandos-loadgen) plays Mandos clients without decrypting,
#     at each concurrency in BENCH_CONCURRENCY, against our server and Debian's server.
#  2. Client latency: exec -> password printed, our NativeAOT mandos-client vs Debian's C client,
#     both against our server and both against Debian's server; every run's output is checked.
#  3. BouncyCastle alone: the cost of one exchange in memory (mandos-loadgen --profile).
#  4. Scale: bench/scale.sh, our server with 10,000 checked clients for a little over one checker
#     interval: start-up time, resident memory, checker lateness (about 2.5 minutes).
#  5. mandos-ctl: bench/ctl.sh, listing 1,000 clients, ours vs Debian's, on both servers (D-Bus).
#  6. Discovery: bench/discovery.sh, client start to password without --connect (mDNS), and
#     failover past a silent server, ours vs Debian's client, in network namespaces.
#  7. Footprint: bench/footprint.sh, bytes our initramfs additions take next to Debian's hook's.
#  8. Initramfs programs: bench/initramfs-programs.sh, multi-call executable size and start-up.
#  9. Pre-flight: bench/preflight.sh, how long mandos-keygen --test takes and where the time goes.
#
# Prints a table and writes it to bench/results/latest.txt. Benchmarks print figures; nothing
# here asserts a speed. Exit status is non-zero only if something could not be measured.
#
# Knobs (environment): BENCH_DURATION (10 s measured per throughput run), BENCH_WARMUP (2 s),
# BENCH_CONCURRENCY ("1 32"), BENCH_RUNS (15 client runs per pair), BENCH_HYPERFINE (1: also
# time the clients with hyperfine as a cross-check; 0: skip), BENCH_SCALE (1: run section 4;
# 0: skip), BENCH_SCALE_SECONDS (125) and BENCH_SCALE_CLIENTS (10000) for it, BENCH_SECTIONS
# ("ctl discovery footprint initramfs-programs preflight": which of sections 5-9 to run; "" for none),
# BIN (build/bin).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/build/bin}
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-2}
CONCURRENCY=${BENCH_CONCURRENCY:-"1 32"}
RUNS=${BENCH_RUNS:-15}
HYPERFINE=${BENCH_HYPERFINE:-1}
SCALE=${BENCH_SCALE:-1}
EXTRA_SECTIONS=${BENCH_SECTIONS:-"ctl discovery footprint initramfs-programs preflight"}
CLIENT_TIMEOUT=10 # s; a correct run takes well under 1 s. --foreground: Ctrl-C reaches the client too
DEB_CLIENT=/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client
LOADGEN_PROJECT=$ROOT/bench/LoadGen
LOADGEN=$LOADGEN_PROJECT/bin/Release/net10.0/mandos-loadgen
RESULTS=$ROOT/bench/results/latest.txt

progress() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (Debian's server switches to _mandos; its client is setuid root)"
for p in mandos mandos-client; do
  [ -x "$BIN/$p" ] || die "$BIN/$p missing: run 'make build' first"
done
bash "$ROOT/tools/real-mandos.sh" install
[ -x "$DEB_CLIENT" ] || die "$DEB_CLIENT missing"

W=$(mktemp -d /tmp/mandos-bench.XXXXXX)
chmod 755 "$W"
OUT=$W/results.txt
OURS_PID=
FINISHED=0

cleanup() {
  local rc=$?
  set +e
  if [ -n "$OURS_PID" ] && kill -0 "$OURS_PID" 2>/dev/null; then
    kill "$OURS_PID"
    for _ in $(seq 50); do kill -0 "$OURS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$OURS_PID" 2>/dev/null && kill -9 "$OURS_PID"
  fi
  [ -d "$W/deb" ] && bash "$ROOT/tools/real-mandos.sh" stop "$W/deb"
  if [ -s "$OUT" ]; then
    mkdir -p "$(dirname "$RESULTS")"
    [ "$FINISHED" = 1 ] || echo "(INCOMPLETE: the bench stopped early, exit status $rc)" >> "$OUT"
    cp "$OUT" "$RESULTS"
  fi
  rm -rf "$W"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Everything that belongs to the results goes through `say`.
say() { printf '%s\n' "$*" | tee -a "$OUT"; }

listening_port() { # PID LOG: the port the process listens on, once it does (it binds port 0: the
  # kernel picks a port nobody holds, instead of the bench choosing one and hoping it stays free)
  local port
  for _ in $(seq 300); do
    port=$(ss -ltnpH | sed -n "s/.*:\([0-9][0-9]*\) .*pid=$1,.*/\1/p" | head -1)
    [ -n "$port" ] && { echo "$port"; return 0; }
    kill -0 "$1" 2>/dev/null || break
    sleep 0.1
  done
  cat "$2" >&2
  die "server $1 did not start listening"
}

cpu_ticks() { # PID: user+system clock ticks of the process, its reaped children, and its live
  # children (Debian's server keeps a helper process besides its per-connection ones)
  local p total=0
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    # Fields after the ")" of /proc/PID/stat: utime is field 14 overall, i.e. 12th here.
    total=$((total + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13 + $14 + $15}' || echo 0)))
  done
  echo "$total"
}

busy_ticks() { # whole machine: non-idle clock ticks since boot (all CPUs)
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

kv() { # KEY LINE: value of KEY=... in a key=value line
  local k=$1; shift
  tr ' ' '\n' <<<"$*" | sed -n "s/^$k=//p"
}

# ---------------------------------------------------------------- keys, config, servers
progress "building the load generator"
dotnet build "$LOADGEN_PROJECT" -c Release --nologo -v quiet >"$W/loadgen-build.log" 2>&1 \
  || { cat "$W/loadgen-build.log" >&2; die "load generator build failed"; }

progress "making a key set with Debian's mandos-keygen"
PASSWORD="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
printf '%s' "$PASSWORD" > "$W/password"
mkdir -p "$W/keys" "$W/conf"
mandos-keygen --dir "$W/keys" --name bench --force >/dev/null
{
  printf '[DEFAULT]\nchecker = true\n\n'
  mandos-keygen --dir "$W/keys" --name bench --passfile "$W/password" --no-ssh
} > "$W/conf/clients.conf"
printf '[DEFAULT]\n' > "$W/conf/mandos.conf"
chmod 755 "$W/conf" "$W/keys"
chmod 644 "$W/conf/"*
# The size of the secret the servers send (the base64 `secret` of the section, decoded).
SECRET_BYTES=$(awk '/^secret *=/{f=1; next} f && /^[ \t]/{gsub(/[ \t]/, ""); print; next} f{exit}' \
  "$W/conf/clients.conf" | base64 -d | wc -c)
[ "$SECRET_BYTES" -gt 0 ] || die "no secret in the generated clients.conf"
KEYS=(--tls-pubkey "$W/keys/tls-pubkey.pem" --tls-privkey "$W/keys/tls-privkey.pem")

progress "starting our server on 127.0.0.1"
mkdir -p "$W/ours/state"
"$BIN/mandos" --foreground --no-dbus --no-zeroconf --no-restore --statedir "$W/ours/state" \
  --address 127.0.0.1 --port 0 --configdir "$W/conf" --debuglevel WARNING \
  > "$W/ours/server.log" 2>&1 &
OURS_PID=$!
OURS_PORT=$(listening_port "$OURS_PID" "$W/ours/server.log")

progress "starting Debian's server on 127.0.0.1"
mkdir -p "$W/deb"
DEB_PID=$(PORT=0 bash "$ROOT/tools/real-mandos.sh" server "$W/deb" "$W/conf")
DEB_PORT=$(cat "$W/deb/port")

CLK_TCK=$(getconf CLK_TCK)
say "Mandos benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "machine: $(nproc) CPU ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(uname -r); loopback only"
say "ours: git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$([ -z "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ] || echo '+uncommitted'), NativeAOT build/bin; Debian: mandos $(dpkg-query -W -f '${Version}' mandos), mandos-client $(dpkg-query -W -f '${Version}' mandos-client)"
say "load average before the bench: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes figures noisy)"
say "key set: Debian mandos-keygen (RSA-4096 OpenPGP, Ed25519 TLS); secret sent: $SECRET_BYTES bytes"
say ""

# ---------------------------------------------------------------- 1. server throughput
# One load generator run; prints the key=value line extended with the server's CPU use.
throughput() { # NAME PORT PID CONCURRENCY
  local name=$1 port=$2 pid=$3 c=$4 before after line all cpu busy0 busy1 t0 t1 other lgcpu
  progress "throughput: $name server, concurrency $c (${WARMUP} s warm-up + ${DURATION} s)"
  before=$(cpu_ticks "$pid")
  busy0=$(busy_ticks)
  t0=$EPOCHREALTIME
  line=$("$LOADGEN" --connect "127.0.0.1:$port" "${KEYS[@]}" --concurrency "$c" \
    --duration "$DURATION" --warmup "$WARMUP" --expect-bytes "$SECRET_BYTES" --kv \
    2> >(sed 's/^/[loadgen] /' >&2)) || true
  t1=$EPOCHREALTIME
  busy1=$(busy_ticks)
  sleep 0.3 # let a forking server reap its last children
  after=$(cpu_ticks "$pid")
  [ -n "$line" ] || { echo "rps=0 p50_ms=nan p99_ms=nan failed=all server_cpu_ms=nan other_pct=nan"; return; }
  # CPU used by neither the server nor the load generator, in % of the machine: other work
  # running at the same time makes the figures noisy (and a forking server's dbus-daemon etc.).
  other=$(awk -v b=$((busy1 - busy0)) -v s=$((after - before)) -v hz="$CLK_TCK" -v lg="$(kv loadgen_cpu_s "$line")" \
    -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v n="$(nproc)" \
    'BEGIN { o = (b - s) / hz - lg; if (o < 0) o = 0; printf "%.0f", o / (wall * n) * 100 }')
  all=$(kv all_requests "$line")
  cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$all" \
    'BEGIN { if (n > 0) printf "%.2f", t / hz * 1000 / n; else print "nan" }')
  lgcpu=$(awk -v s="$(kv loadgen_cpu_s "$line")" -v n="$all" 'BEGIN { if (n > 0) printf "%.2f", s * 1000 / n; else print "nan" }')
  echo "$line other_pct=$other loadgen_cpu_ms=$lgcpu server_cpu_ms=$cpu server_cpu_s=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN{printf "%.1f", t/hz}')"
}

declare -A TP
for c in $CONCURRENCY; do
  TP[ours,$c]=$(throughput ours "$OURS_PORT" "$OURS_PID" "$c")
  TP[deb,$c]=$(throughput Debian "$DEB_PORT" "$DEB_PID" "$c")
done

say "1. Server throughput: mandos-loadgen (C#, JIT) plays Mandos clients without decrypting;"
say "   ${DURATION} s measured after ${WARMUP} s warm-up; server and load generator share the $(nproc) CPUs."
say "   CPU/req = server CPU time (its process and all its child processes) / requests served."
say ""
say "$(printf '%-5s | %-46s | %-46s | %s' '' 'ours (C#, NativeAOT)' 'Debian mandos (Python + GnuTLS)' 'target (ours)')"
say "$(printf '%-5s | %8s %7s %7s %5s %8s %6s | %8s %7s %7s %5s %8s %6s |' conc req/s p50ms p99ms fail CPU/req other req/s p50ms p99ms fail CPU/req other)"
say "$(printf -- '-%.0s' $(seq 130))"
for c in $CONCURRENCY; do
  o=${TP[ours,$c]} d=${TP[deb,$c]}
  target=""
  if [ "$c" -ge 32 ]; then
    verdict=$(awk -v r="$(kv rps "$o")" -v p="$(kv p99_ms "$o")" \
      'BEGIN { if (r >= 1200 && p < 100) print (r >= 2000 ? "MET incl. stretch" : "MET"); else print "MISSED" }')
    target=">=1200/s, p99<100ms (stretch 2000/s): $verdict"
  fi
  say "$(printf '%-5s | %8s %7s %7s %5s %8s %6s | %8s %7s %7s %5s %8s %6s | %s' "$c" \
    "$(kv rps "$o")" "$(kv p50_ms "$o")" "$(kv p99_ms "$o")" "$(kv failed "$o")" "$(kv server_cpu_ms "$o")ms" "$(kv other_pct "$o")%" \
    "$(kv rps "$d")" "$(kv p50_ms "$d")" "$(kv p99_ms "$d")" "$(kv failed "$d")" "$(kv server_cpu_ms "$d")ms" "$(kv other_pct "$d")%" \
    "$target")"
done
say "   other = CPU used by neither server nor load generator during the run, % of the machine"
say "   (other jobs on the machine make the figures noisy; for Debian it includes its dbus-daemon)."
for c in $CONCURRENCY; do last=$c; done
o=${TP[ours,$last]}
say "$(awk -v s="$(kv server_cpu_ms "$o")" -v l="$(kv loadgen_cpu_ms "$o")" -v n="$(nproc)" -v c="$last" 'BEGIN {
  if (s > 0 && l > 0) printf "   ours at concurrency %s: %.0f req/s per core of server CPU; the load generator costs %.2f ms/req,\n   so with both on these %d CPUs the ceiling is about %.0f req/s", c, 1000 / s, l, n, n * 1000 / (s + l) }')"
say "   (Debian's server was measured before at ~19 req/s sequential and ~120 req/s at its best concurrency.)"
say ""

# ---------------------------------------------------------------- 2. client latency
HOOKS=$W/hooks
mkdir -p "$HOOKS"
client_cmd() { # WHICH PORT -> the command words
  local bin=$BIN/mandos-client
  [ "$1" = deb ] && bin=$DEB_CLIENT
  echo "$bin --connect=127.0.0.1:$2 --interface=none --network-hook-dir=$HOOKS" \
    "--pubkey=$W/keys/pubkey.txt --seckey=$W/keys/seckey.txt" \
    "--tls-pubkey=$W/keys/tls-pubkey.pem --tls-privkey=$W/keys/tls-privkey.pem"
}

declare -A FAIL
# Runs client WHICH against PORT once; appends the time in ms to $W/lat.WHICH.SERVER, or
# records a failure. Timing: bash's $EPOCHREALTIME around the exec (no extra process).
client_once() { # WHICH SERVER PORT MEASURED(0/1)
  local which=$1 server=$2 port=$3 measured=$4 t0 t1 rc=0
  local -a cmd
  read -r -a cmd <<<"$(client_cmd "$which" "$port")"
  t0=$EPOCHREALTIME
  timeout --foreground -k 2 "$CLIENT_TIMEOUT" "${cmd[@]}" >"$W/client.out" 2>"$W/client.err" || rc=$?
  t1=$EPOCHREALTIME
  if [ "$rc" != 0 ] || [ "$(cat "$W/client.out")" != "$PASSWORD" ]; then
    FAIL[$which,$server]="exit $rc, printed $(wc -c <"$W/client.out") bytes, not the password; stderr: $(tail -n 1 "$W/client.err")"
    return 1
  fi
  [ "$measured" = 1 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >> "$W/lat.$which.$server"
  return 0
}

stats() { # FILE -> "median min max n"
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f %.1f %.1f %d", m, v[1], v[NR], NR }'
}

for server in ours deb; do
  port=$OURS_PORT
  [ "$server" = deb ] && port=$DEB_PORT
  progress "client latency against the $server server: 2 warm-up + $RUNS runs each, interleaved"
  for run in $(seq -1 "$RUNS"); do
    measured=$([ "$run" -ge 1 ] && echo 1 || echo 0)
    for which in ours deb; do
      # A client that failed once is not run again (each failure can cost the whole timeout).
      [ -n "${FAIL[$which,$server]:-}" ] && continue
      client_once "$which" "$server" "$port" "$measured" || progress "FAILED: $which client vs $server server: ${FAIL[$which,$server]}"
    done
  done
done

HF_NOTE=""
declare -A HF
if [ "$HYPERFINE" = 1 ]; then
  if ! command -v hyperfine >/dev/null; then
    progress "installing hyperfine"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null 2>&1; } \
      || true
  fi
  if command -v hyperfine >/dev/null; then
    for server in ours deb; do
      port=$OURS_PORT
      [ "$server" = deb ] && port=$DEB_PORT
      cmds=()
      for which in ours deb; do
        [ -z "${FAIL[$which,$server]:-}" ] && cmds+=("timeout --foreground -k 2 $CLIENT_TIMEOUT $(client_cmd "$which" "$port")")
      done
      [ ${#cmds[@]} -gt 0 ] || continue
      progress "hyperfine cross-check against the $server server"
      if hyperfine -N --style none --warmup 2 --runs "$RUNS" --export-json "$W/hf.$server.json" \
          "${cmds[@]}" >/dev/null 2>"$W/hf.err"; then
        i=0
        for which in ours deb; do
          [ -n "${FAIL[$which,$server]:-}" ] && continue
          HF[$which,$server]=$(jq -r ".results[$i] | \"\(.median * 1000 | . * 10 | round / 10)\"" "$W/hf.$server.json")
          i=$((i + 1))
        done
      else
        progress "hyperfine failed: $(tail -n 1 "$W/hf.err")"
      fi
    done
    HF_NOTE="hyperfine -N median (exit status checked only) as a cross-check"
  fi
fi

say "2. Client latency: exec -> password printed (ms), $RUNS runs each after 2 warm-up runs, ours and"
say "   Debian's interleaved; every run's stdout compared with the password. Timed with bash \$EPOCHREALTIME."
[ -n "$HF_NOTE" ] && say "   hf = $HF_NOTE."
say ""
say "$(printf '%-15s | %-30s | %-30s | %-14s | %s' 'server' 'ours (NativeAOT) med [min-max]' "Debian's C client med [min-max]" 'ratio ours/deb' 'target <=1.0 (stretch <=0.5)')"
say "$(printf -- '-%.0s' $(seq 120))"
incomplete=0
for server in ours deb; do
  label="our server"
  [ "$server" = deb ] && label="Debian's server"
  cells=()
  declare -A MED=()
  for which in ours deb; do
    if [ -n "${FAIL[$which,$server]:-}" ] || [ ! -s "$W/lat.$which.$server" ]; then
      cells+=("FAILED")
      incomplete=1
      continue
    fi
    read -r med min max _ <<<"$(stats "$W/lat.$which.$server")"
    MED[$which]=$med
    cell="$med [$min-$max]"
    [ -n "${HF[$which,$server]:-}" ] && cell="$cell hf $(printf '%.1f' "${HF[$which,$server]}")"
    cells+=("$cell")
  done
  ratio="n/a" verdict=""
  if [ -n "${MED[ours]:-}" ] && [ -n "${MED[deb]:-}" ]; then
    ratio=$(awk -v a="${MED[ours]}" -v b="${MED[deb]}" 'BEGIN { printf "%.2f", a / b }')
    verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.5 ? "MET incl. stretch" : (r <= 1.0 ? "MET" : "MISSED")) }')
  fi
  say "$(printf '%-15s | %-30s | %-30s | %-14s | %s' "$label" "${cells[0]}" "${cells[1]}" "$ratio" "$verdict")"
done
for k in "${!FAIL[@]}"; do
  say "   FAILED ${k%,*} client vs ${k#*,} server: ${FAIL[$k]}"
done
say "   (Measured before: Debian's C client ~105 ms against Debian's server; our client 199 ms, 92 ms"
say "   with BouncyCastle's RSA primality check off.)"

say ""
progress "in-memory BouncyCastle profile"
say "3. BouncyCastle alone (no sockets, one thread, JIT): cost of one Mandos exchange per side, and its"
say "   public-key operations (mandos-loadgen --profile 2000)."
"$LOADGEN" --profile 2000 "${KEYS[@]}" --expect-bytes "$SECRET_BYTES" 2>&1 | sed 's/^/   /' | tee -a "$OUT" \
  || say "   (profile failed)"

if [ "$SCALE" = 1 ]; then
  say ""
  progress "scale: our server with ${BENCH_SCALE_CLIENTS:-10000} clients for ${BENCH_SCALE_SECONDS:-125} s"
  # It prints its section and appends it to our results itself (also when it stops early).
  BIN=$BIN BENCH_SCALE_OUT=$OUT bash "$ROOT/bench/scale.sh" \
    || { progress "the scale bench could not measure everything (see above)"; incomplete=1; }
fi

section=5
for extra in $EXTRA_SECTIONS; do
  say ""
  progress "section $section: bench/$extra.sh"
  say "$section. $(sed -nE '2{s/^# *(bench\/)?[a-z-]+\.sh *--? *//; s/^# *//; p}' "$ROOT/bench/$extra.sh")"
  BIN=$BIN bash "$ROOT/bench/$extra.sh" 2>&1 | grep -v '^\[' | sed 's/^/   /' | tee -a "$OUT"
  [ "${PIPESTATUS[0]}" = 0 ] || { say "   (bench/$extra.sh could not measure everything)"; incomplete=1; }
  section=$((section + 1))
done

FINISHED=1
[ "$incomplete" = 0 ] || { progress "some figures could not be measured (see FAILED above)"; exit 1; }
progress "results written to $RESULTS"
