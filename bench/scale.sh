#!/bin/bash
# bench/scale.sh -- our server with 10,000 clients, on loopback only. Run by bench/run.sh (section
# 4 of `make bench`) or alone, as root, after `make build`.
#
# clients.conf: [DEFAULT] checker = true, interval = PT2M (timeout stays PT5M), and
# BENCH_SCALE_CLIENTS sections [client-N], each with its own fake key_id (SHA-256 of N),
# fingerprint and a 700-byte random `secret` (base64, wrapped as mandos-keygen writes it; not
# real OpenPGP: nobody asks for it here). Our server runs with --debug --foreground, and:
#   start-up  exec -> the "Now listening" line (its log timestamp; the moment this script saw it,
#             and when the port first accepted a TCP connection, are shown too)
#   memory    VmRSS at listening, VmHWM (peak) and VmRSS after the run, from /proc/PID/status
#   lateness  every "Checker timer for client-N fired X ms late" line of the run: count, p50, p99,
#             max. Each client's first checker is due at a random moment in [0, interval] after
#             start, so a run of a little more than one interval (BENCH_SCALE_SECONDS, 125 s)
#             sees every client's first checker once.
#   sanity    "Checker for client-N succeeded" lines, server CPU time over the run (its own and
#             its reaped checkers'), size of STATEDIR/clients.json.
# Prints the section and appends it to BENCH_SCALE_OUT (default bench/results/latest.txt, whose
# previous section 4, if any, it replaces). Prints figures and targets; exit status is non-zero
# only if something could not be measured.
#
# Knobs (environment): BENCH_SCALE_SECONDS (125: run after the server listens),
# BENCH_SCALE_CLIENTS (10000), BENCH_SCALE_OUT (file to append to), BENCH_SCALE_KEEP (1: keep the
# work directory with the server log), BIN (build/bin).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/build/bin}
RUN_SECONDS=${BENCH_SCALE_SECONDS:-125}
CLIENTS=${BENCH_SCALE_CLIENTS:-10000}
KEEP=${BENCH_SCALE_KEEP:-0}
RESULTS=$ROOT/bench/results/latest.txt
OUT_FILE=${BENCH_SCALE_OUT:-}
INTERVAL_S=120       # interval = PT2M
START_LIMIT=60       # s: give up waiting for "Now listening" after this
STOP_LIMIT=15        # s: SIGTERM, then SIGKILL after this
SECTION_TITLE="4. Scale: $(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$CLIENTS") clients"

progress() { printf '[scale] %s\n' "$*" >&2; }
die() { printf 'bench/scale.sh: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (the server switches to _mandos)"
[ -x "$BIN/mandos" ] || die "$BIN/mandos missing: run 'make build' first"
# shellcheck disable=SC2015 # die when any of the tests fails
[[ "$RUN_SECONDS" =~ ^[0-9]+$ ]] && [ "$RUN_SECONDS" -ge 1 ] && [ "$RUN_SECONDS" -le 3600 ] \
  || die "BENCH_SCALE_SECONDS must be 1..3600"
# shellcheck disable=SC2015 # die when any of the tests fails
[[ "$CLIENTS" =~ ^[0-9]+$ ]] && [ "$CLIENTS" -ge 1 ] || die "BENCH_SCALE_CLIENTS must be a positive number"
command -v python3 >/dev/null || die "python3 is needed to write clients.conf"

W=$(mktemp -d /tmp/mandos-scale.XXXXXX)
chmod 755 "$W"
SECTION=$W/section.txt
LOG=$W/server.log
PID=
FINISHED=0

alive() { # the server runs (a zombie, exited but not yet waited for, does not count)
  [ -n "$PID" ] && [ -r "/proc/$PID/stat" ] && [ "$(sed 's/.*) //' "/proc/$PID/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]
}

STOP_TIME="n/a"
stop_hang_evidence() { # the server ignored SIGTERM for STOP_LIMIT s: keep its log and thread states
  local d t
  d=$(mktemp -d /tmp/mandos-scale-stop-hang.XXXXXX)
  cp "$LOG" "$d/server.log" 2>/dev/null || true
  for t in /proc/"$PID"/task/*; do
    printf '%s %s state=%s wchan=%s syscall=%s\n' "${t##*/}" "$(cat "$t/comm" 2>/dev/null)" \
      "$(sed 's/.*) //' "$t/stat" 2>/dev/null | cut -d' ' -f1)" "$(cat "$t/wchan" 2>/dev/null)" \
      "$(cut -d' ' -f1 "$t/syscall" 2>/dev/null)"
  done > "$d/threads.txt"
  progress "the server did not exit within $STOP_LIMIT s of SIGTERM; its log and thread states: $d"
  tail -n 5 "$LOG" | sed 's/^/[server] /' >&2
}

stop_server() { # SIGTERM, wait up to STOP_LIMIT s, then SIGKILL; sets STOP_TIME
  local t0=$EPOCHREALTIME
  [ -n "$PID" ] || return 0
  kill -TERM "$PID" 2>/dev/null || true
  for _ in $(seq $((STOP_LIMIT * 20))); do alive || break; sleep 0.05; done
  if alive; then
    stop_hang_evidence
    kill -KILL "$PID" 2>/dev/null || true
    STOP_TIME="killed after $STOP_LIMIT s"
  else
    STOP_TIME=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f s", b - a }')
  fi
  wait "$PID" 2>/dev/null || true
  PID=
}

cleanup() {
  local rc=$?
  set +e
  [ -n "$PID" ] && stop_server
  if [ "$rc" != 0 ] && [ -s "$LOG" ]; then
    progress "last lines of the server's log:"
    tail -n 20 "$LOG" | sed 's/^/[server] /' >&2
  fi
  if [ -s "$SECTION" ]; then
    [ "$FINISHED" = 1 ] || echo "   (INCOMPLETE: the scale bench stopped early, exit status $rc)" | tee -a "$SECTION"
    if [ -n "$OUT_FILE" ]; then
      cat "$SECTION" >> "$OUT_FILE"
    else
      mkdir -p "$(dirname "$RESULTS")"
      # Replace an earlier section 4 (always the last one) rather than stacking them up.
      if [ -f "$RESULTS" ]; then
        awk '/^4\. Scale:/ { exit } { print }' "$RESULTS" > "$W/latest.txt"
        # drop one trailing blank line left before the old section
        sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$W/latest.txt" > "$RESULTS"
        [ -s "$RESULTS" ] && echo >> "$RESULTS"
      fi
      cat "$SECTION" >> "$RESULTS"
      progress "section appended to $RESULTS"
    fi
  fi
  if [ "$KEEP" = 1 ]; then progress "work directory kept: $W"; else rm -rf "$W"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '%s\n' "$*" | tee -a "$SECTION"; }

free_port() { # a TCP port nobody listens on, from a random start
  local p=$((20000 + RANDOM % 20000))
  while ss -ltnH "sport = :$p" | grep -q .; do p=$((p + 1)); done
  echo "$p"
}

ms_since() { # EPOCHREALTIME value -> ms from then to now
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", (b - a) * 1000 }'
}

status_kb() { # FIELD: e.g. VmRSS -> kB, from the server's /proc/PID/status
  awk -v f="$1:" '$1 == f { print $2; exit }' "/proc/$PID/status"
}

cpu_ticks() { # own|children: utime+stime, or cutime+cstime (reaped children: the checkers)
  # Fields after the ")" of /proc/PID/stat: utime is field 14 overall, i.e. 12th here.
  sed 's/.*) //' "/proc/$PID/stat" | awk -v w="$1" '{ print (w == "own") ? $12 + $13 : $14 + $15 }'
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

log_epoch() { # a log line -> its timestamp (local time, as the server writes it) in epoch seconds
  local ts
  ts=$(sed -n 's/^\([0-9-]* [0-9:]*\),\([0-9]*\) .*/\1.\2/p' <<<"$1")
  [ -n "$ts" ] || return 1
  printf '%s.%s\n' "$(date -d "${ts%.*}" +%s)" "${ts#*.}"
}

# ---------------------------------------------------------------- configuration
progress "writing clients.conf with $CLIENTS clients"
mkdir -p "$W/conf" "$W/state"
t=$EPOCHREALTIME
python3 - "$CLIENTS" "$W/conf/clients.conf" <<'EOF'
import base64, hashlib, os, sys
n, path = int(sys.argv[1]), sys.argv[2]
out = ["[DEFAULT]\nchecker = true\ninterval = PT2M\n"]
for i in range(1, n + 1):
    b = str(i).encode()
    secret = base64.b64encode(os.urandom(700)).decode()
    lines = "\n".join("\t" + secret[j:j + 64] for j in range(0, len(secret), 64))
    out.append(f"\n[client-{i}]\nkey_id = {hashlib.sha256(b).hexdigest()}\n"
               f"fingerprint = {hashlib.sha1(b).hexdigest().upper()}\nsecret =\n{lines}\n")
with open(path, "w") as f:
    f.write("".join(out))
EOF
progress "clients.conf: $(du -h "$W/conf/clients.conf" | cut -f1), written in $(ms_since "$t") ms"
printf '[DEFAULT]\n' > "$W/conf/mandos.conf"
# As a packaged server has them: the directory world-readable, clients.conf (the secrets) 0600
# root; the server reads it before it drops privileges.
chmod 755 "$W/conf"
chmod 644 "$W/conf/mandos.conf"
chmod 600 "$W/conf/clients.conf"
# The state directory belongs to the account the server switches to (upstream's candidates).
OWNER=65534:65534
for cand in _mandos:_mandos mandos:mandos; do
  if id -u "${cand%:*}" >/dev/null 2>&1 && getent group "${cand#*:}" >/dev/null; then OWNER=$cand; break; fi
done
chown "$OWNER" "$W/state"
chmod 700 "$W/state"

# ---------------------------------------------------------------- start-up
PORT=$(free_port)
progress "starting our server on 127.0.0.1:$PORT (as root; it switches to ${OWNER%:*})"
CLK_TCK=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: > "$LOG"
T_EXEC=$EPOCHREALTIME
"$BIN/mandos" --foreground --debug --no-dbus --no-zeroconf --no-restore \
  --address 127.0.0.1 --port "$PORT" --configdir "$W/conf" --statedir "$W/state" \
  > "$LOG" 2>&1 &
PID=$!

# Poll every 10 ms for the "Now listening" line, and until it first succeeds a TCP connect (the
# socket is bound before the clients are loaded, so the port may accept before the server serves).
TCP_MS=
SEEN_MS=
deadline=$((START_LIMIT * 100))
for ((i = 0; i < deadline; i++)); do
  if [ -z "$TCP_MS" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    TCP_MS=$(ms_since "$T_EXEC")
  fi
  if grep -q "Now listening" "$LOG"; then
    SEEN_MS=$(ms_since "$T_EXEC")
    break
  fi
  alive || die "the server exited during start-up"
  sleep 0.01
done
[ -n "$SEEN_MS" ] || die "no \"Now listening\" line within $START_LIMIT s"
T_LISTEN=$EPOCHREALTIME
RSS_LISTEN=$(status_kb VmRSS)
HWM_LISTEN=$(status_kb VmHWM)
CPU_START=$(cpu_ticks own)
CHILD_START=$(cpu_ticks children)
LISTEN_LINE=$(grep -m1 "Now listening" "$LOG")
FIRST_LINE=$(head -n 1 "$LOG")
LISTEN_MS=$(awk -v a="$T_EXEC" -v b="$(log_epoch "$LISTEN_LINE" || echo nan)" \
  'BEGIN { if (b == "nan") print "nan"; else printf "%.0f", (b - a) * 1000 }')
FIRST_MS=$(awk -v a="$T_EXEC" -v b="$(log_epoch "$FIRST_LINE" || echo nan)" \
  'BEGIN { if (b == "nan") print "nan"; else printf "%.0f", (b - a) * 1000 }')
LOADED_LINE=$(grep -m1 ': [0-9]* clients loaded$' "$LOG" || echo "?")
LOADED_MS=$(awk -v a="$T_EXEC" -v b="$(log_epoch "$LOADED_LINE" || echo nan)" \
  'BEGIN { if (b == "nan") print "?"; else printf "%.0f", (b - a) * 1000 }')
# Confirm with a fresh TCP connection now that it listens (closed at once: the server just logs it).
CONNECT_OK=no
timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null && CONNECT_OK=yes
[ -n "$TCP_MS" ] || TCP_MS="(not before the line)"
progress "listening after ${LISTEN_MS} ms (logged), seen after ${SEEN_MS} ms; RSS $(mib "$RSS_LISTEN")"

# ---------------------------------------------------------------- the run
progress "running ${RUN_SECONDS} s (checkers: one per client per ${INTERVAL_S} s)"
RSS_MAX=$RSS_LISTEN
next_report=15
while :; do
  elapsed=$(awk -v a="$T_LISTEN" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", b - a }')
  [ "$elapsed" -ge "$RUN_SECONDS" ] && break
  alive || die "the server died during the run"
  r=$(status_kb VmRSS)
  [ "$r" -gt "$RSS_MAX" ] && RSS_MAX=$r
  if [ "$elapsed" -ge "$next_report" ]; then
    progress "${elapsed} s: $(grep -c ' ms late$' "$LOG" || true) checker timers fired, RSS $(mib "$r")"
    next_report=$((next_report + 15))
  fi
  sleep 1
done
T_END=$EPOCHREALTIME
RSS_END=$(status_kb VmRSS)
ANON_END=$(status_kb RssAnon)
FILE_END=$(status_kb RssFile)
HWM_END=$(status_kb VmHWM)
THREADS=$(status_kb Threads)
FDS=$(find "/proc/$PID/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
CPU_END=$(cpu_ticks own)
CHILD_END=$(cpu_ticks children)
STATE_BYTES=$(stat -c %s "$W/state/clients.json" 2>/dev/null || echo 0)
[ "$RSS_END" -gt "$RSS_MAX" ] && RSS_MAX=$RSS_END
progress "stopping the server"
stop_server

# ---------------------------------------------------------------- figures
RUN_S=$(awk -v a="$T_LISTEN" -v b="$T_END" 'BEGIN { printf "%.1f", b - a }')
grep -o 'fired -\?[0-9]* ms late$' "$LOG" | awk '{ print $2 }' | sort -n > "$W/late.txt" || true
FIRED=$(wc -l < "$W/late.txt")
FIRED_CLIENTS=$(grep -o 'Checker timer for client-[0-9]* fired' "$LOG" | sort -u | wc -l || true)
SUCCEEDED=$(grep -c 'Checker for client-[0-9]* succeeded$' "$LOG" || true)
STARTED=$(grep -c 'Starting checker for client-' "$LOG" || true)
FAILED=$(grep -c 'Checker for client-[0-9]* failed$' "$LOG" || true)
DISABLED=$(grep -c 'Disabling client' "$LOG" || true)
WARNINGS=$(grep -c ': \(WARNING\|ERROR\|CRITICAL\): ' "$LOG" || true)
# Each client's first checker is due uniformly in [0, interval] after its timer was armed (during
# start-up, between exec and "Now listening"), then every interval: n * t / interval firings.
EXPECT_LO=$(awk -v n="$CLIENTS" -v a="$T_LISTEN" -v b="$T_END" -v i="$INTERVAL_S" 'BEGIN { printf "%.0f", n * (b - a) / i }')
EXPECT_HI=$(awk -v n="$CLIENTS" -v a="$T_EXEC" -v b="$T_END" -v i="$INTERVAL_S" 'BEGIN { printf "%.0f", n * (b - a) / i }')
read -r P50 P99 PMAX OVER1S <<<"$(awk '{ v[NR] = $1; if ($1 >= 1000) o++ } END {
  if (NR == 0) { print "nan nan nan 0"; exit }
  r50 = int(0.50 * NR); if (r50 < 0.50 * NR) r50++
  r99 = int(0.99 * NR); if (r99 < 0.99 * NR) r99++
  printf "%d %d %d %d", v[r50], v[r99], v[NR], o + 0 }' "$W/late.txt")"
OWN_CPU=$(awk -v t=$((CPU_END - CPU_START)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
START_CPU=$(awk -v t="$CPU_START" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
CHILD_CPU=$(awk -v t=$((CHILD_END - CHILD_START)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')

verdict() { # VALUE LIMIT -> MET if VALUE < LIMIT
  awk -v v="$1" -v l="$2" 'BEGIN { if (v == "nan" || v == "") print "NOT MEASURED"; else print (v + 0 < l + 0 ? "MET" : "MISSED") }'
}
row() { say "$(printf '%-44s | %-24s | %-11s | %s' "$@")"; }

say "$SECTION_TITLE: clients.conf with checker = true, interval = PT2M (timeout PT5M), a fake"
say "   key_id and a 700-byte secret each; our server with --debug, run ${RUN_S} s after it listened."
say "   $(date -u '+%Y-%m-%d %H:%M UTC'), git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$([ -z "$(git -C "$ROOT" status --porcelain -- src 2>/dev/null)" ] || echo '+uncommitted'); $(nproc) CPU; load average before: $LOAD_BEFORE"
say ""
row "figure" "value" "target" "verdict"
say "$(printf -- '-%.0s' $(seq 100))"
row "start-up: exec -> \"Now listening\" (logged)" "${LISTEN_MS} ms" "< 3 s" "$(verdict "$LISTEN_MS" 3000)"
# shellcheck disable=SC2001 # a regular expression, which ${var//} cannot express
say "   first log line at ${FIRST_MS} ms (\"$(sed 's/^.*\]: [A-Z]*: //' <<<"$FIRST_LINE" | cut -c1-50)\"); \"clients loaded\" at ${LOADED_MS} ms;"
say "   line seen by this script's 10 ms poll at ${SEEN_MS} ms; port accepted TCP at ${TCP_MS} ms; TCP connect"
say "   after the line: ${CONNECT_OK}; start-up CPU ${START_CPU} s; clients.conf $(du -h "$W/conf/clients.conf" | cut -f1)"
row "RSS at listening (VmRSS)" "$(mib "$RSS_LISTEN")" "" ""
row "RSS peak over start-up and run (VmHWM)" "$(mib "$HWM_END")" "< 200 MB" "$(verdict "$HWM_END" $((200 * 1000 * 1000 / 1024)))"
say "   VmHWM at listening $(mib "$HWM_LISTEN") (200 MB = 190.7 MiB); VmRSS at the end $(mib "$RSS_END") (anonymous"
say "   $(mib "$ANON_END"), file $(mib "$FILE_END")), highest sampled $(mib "$RSS_MAX"); $THREADS threads, $FDS descriptors at the end"
row "checker lateness p50 / p99 / max" "$P50 / $P99 / $PMAX ms" "p99 < 1 s" "$(verdict "$P99" 1000)"
say "   $OVER1S of $FIRED firings were 1 s or more late"
row "checker timers fired" "$FIRED ($FIRED_CLIENTS clients)" "$EXPECT_LO-$EXPECT_HI" \
  "$(awk -v f="$FIRED" -v l="$EXPECT_LO" -v h="$EXPECT_HI" 'BEGIN { print (f >= 0.97 * l - 5 && f <= 1.03 * h + 5) ? "as expected" : "UNEXPECTED" }')"
row "checkers started / succeeded / failed" "$STARTED / $SUCCEEDED / $FAILED" "" ""
row "clients disabled; warnings+errors logged" "$DISABLED; $WARNINGS" "0; 0" ""
row "server CPU over the run: own / checkers'" "${OWN_CPU} s / ${CHILD_CPU} s" "" \
  "$(awk -v o="$OWN_CPU" -v s="$RUN_S" 'BEGIN { printf "(own: %.1f%% of a core)", o / s * 100 }')"
row "STATEDIR/clients.json" "$(awk -v b="$STATE_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }')" "" ""
row "stop: SIGTERM -> exit" "$STOP_TIME" "" ""

measured=1
[ "$FIRED" -gt 0 ] || { progress "no \"fired X ms late\" lines: is build/bin/mandos older than src? (make build)"; measured=0; }
[ "$LISTEN_MS" != nan ] || measured=0
FINISHED=1
if [ "$WARNINGS" -gt 0 ]; then
  progress "warnings and errors the server logged (first 5):"
  grep -m5 ': \(WARNING\|ERROR\|CRITICAL\): ' "$LOG" | sed 's/^/[server] /' >&2
fi
[ "$measured" = 1 ] || exit 1
