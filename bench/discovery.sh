#!/bin/bash
# bench/discovery.sh -- discovery and failover time: our mandos-client vs Debian's, without
# --connect, against the same server (ours, Debian-made keys) announced by Avahi, on a LAN of
# network namespaces made here and always deleted (no traffic leaves them). Needs root, avahi-daemon,
# Debian's mandos-client and `make build` (build/bin/mandos, build/bin/mandos-client).
#
#  1. quiet LAN: one live server; time from client exec to password printed.
#  2. failover: the same, plus a server announced on the LAN that accepts TCP and never answers
#     (announced before the live one, so it is usually found first).
#
# Prints the median (and min-max) in milliseconds per client and scenario. A run that gives no
# password within BENCH_CLIENT_LIMIT seconds counts as that limit, shown with '>'.
# Knobs: BENCH_RUNS (5), BENCH_FAILOVER_RUNS (3), BENCH_CLIENT_LIMIT (30 s), BIN (build/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/build/bin}
RUNS=${BENCH_RUNS:-5}
FAILOVER_RUNS=${BENCH_FAILOVER_RUNS:-3}
LIMIT=${BENCH_CLIENT_LIMIT:-30}
DEB_CLIENT=/usr/lib/x86_64-linux-gnu/mandos/plugins.d/mandos-client
PORT=7779
id=mzb$$
work=$(mktemp -d)
namespaces=()
pids=()

progress() { printf '[discovery] %s\n' "$*" >&2; }

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

for p in "$BIN/mandos" "$BIN/mandos-client" "$DEB_CLIENT" /usr/sbin/avahi-daemon; do
  [ -x "$p" ] || { echo "bench: $p is missing (make build; apt-get install avahi-daemon mandos-client)" >&2; exit 1; }
done

add_ns() { ip netns add "$1"; namespaces+=("$1"); }

host() { # ROLE ADDRESS/PREFIX
  local ns=$id-$1 n=$(( ${#namespaces[@]} ))
  add_ns "$ns"
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  ip -n "$id-sw" link add "p$n" type veth peer name lan0 netns "$ns"
  ip -n "$id-sw" link set "p$n" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$2" dev lan0
  ip -n "$ns" link set lan0 up
}

avahi() { # ROLE SERVICE-NAME
  local ns=$id-$1 dir=$work/avahi-$1
  mkdir -p "$dir/services"
  printf '[server]\nhost-name=%s\nallow-interfaces=lan0\nenable-dbus=no\n[wide-area]\nenable-wide-area=no\n[publish]\npublish-hinfo=no\npublish-workstation=no\n' \
    "$id$1" > "$dir/avahi-daemon.conf"
  # As upstream's server announces: IPv6 only.
  printf '<?xml version="1.0" standalone="no"?><!DOCTYPE service-group SYSTEM "avahi-service.dtd"><service-group><name>%s</name><service protocol="ipv6"><type>_mandos._tcp</type><port>%s</port></service></service-group>\n' \
    "$2" "$PORT" > "$dir/services/mandos.service"
  ip netns exec "$ns" sh -c "mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /etc/avahi/services \
    && cp $dir/services/mandos.service /etc/avahi/services/ \
    && exec avahi-daemon -f $dir/avahi-daemon.conf --no-drop-root --no-chroot --no-rlimits" > "$dir/log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q 'successfully established' "$dir/log" && return; sleep 0.1; done
  cat "$dir/log" >&2; return 1
}

listening() { # ROLE
  for _ in $(seq 100); do ip netns exec "$id-$1" ss -ltnH "sport = :$PORT" | grep -q LISTEN && return; sleep 0.1; done
  return 1
}

progress "LAN of namespaces $id-*"
add_ns "$id-sw"
ip -n "$id-sw" link add br0 type bridge mcast_snooping 0
ip -n "$id-sw" link set br0 up
host c 192.168.78.1/24
host live 192.168.78.2/24
host silent 192.168.78.3/24

progress "key set (Debian's mandos-keygen) and our server"
mkdir -p "$work/conf" "$work/state" "$work/hooks"
printf 'bench password' > "$work/password"
{ printf '[DEFAULT]\nchecker = true\n\n'; bash tools/real-mandos.sh keygen "$work/keys" bench "$work/password"; } > "$work/conf/clients.conf"
printf '[DEFAULT]\n' > "$work/conf/mandos.conf"
chmod 755 "$work" "$work/conf"; chmod 644 "$work/conf/"*
chown _mandos:_mandos "$work/state" 2>/dev/null || true
ip netns exec "$id-live" "$BIN/mandos" --foreground --no-dbus --no-zeroconf --no-restore --port "$PORT" \
  --configdir "$work/conf" --statedir "$work/state" > "$work/server.log" 2>&1 &
pids+=($!)
listening live || { cat "$work/server.log" >&2; exit 1; }

keyargs=(--pubkey="$work/keys/pubkey.txt" --seckey="$work/keys/seckey.txt"
  --tls-pubkey="$work/keys/tls-pubkey.pem" --tls-privkey="$work/keys/tls-privkey.pem")

one_run() { # CLIENT -> milliseconds, or LIMIT*1000+1 on failure
  local start end out
  start=$(date +%s%N)
  out=$(ip netns exec "$id-c" timeout "$LIMIT" "$1" --interface=lan0 --network-hook-dir="$work/hooks" "${keyargs[@]}" 2>/dev/null) || true
  end=$(date +%s%N)
  if [ "$out" = "bench password" ]; then echo $(( (end - start) / 1000000 )); else echo $(( LIMIT * 1000 + 1 )); fi
}

summary() { # RUNS... -> "median (min-max)"
  local sorted; mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  local n=${#sorted[@]} med=${sorted[$(( ${#sorted[@]} / 2 ))]}
  fmt() { if [ "$1" -gt $(( LIMIT * 1000 )) ]; then echo ">$(( LIMIT * 1000 ))"; else echo "$1"; fi; }
  echo "$(fmt "$med") ($(fmt "${sorted[0]}")-$(fmt "${sorted[$((n - 1))]}"))"
}

measure() { # RUNS -> sets ours and theirs
  local runs=$1 o=() t=()
  # Runs are spaced: an mDNS responder multicasts a record at most once a second, and a boot
  # meets a responder that has not just answered somebody else.
  for _ in $(seq "$runs"); do
    sleep 1.5; o+=("$(one_run "$BIN/mandos-client")")
    sleep 1.5; t+=("$(one_run "$DEB_CLIENT")")
  done
  ours=$(summary "${o[@]}"); theirs=$(summary "${t[@]}")
}

avahi live Mandos
progress "1. quiet LAN: $RUNS runs per client"
measure "$RUNS"; quiet_ours=$ours; quiet_theirs=$theirs

progress "2. failover past a silent server: $FAILOVER_RUNS runs per client (a hung run costs ${LIMIT} s)"
ip netns exec "$id-silent" /usr/bin/python3 -c "import socket, time
s = socket.create_server(('', $PORT), family=socket.AF_INET6, dualstack_ipv6=True)
time.sleep(86400)" &
pids+=($!)
listening silent
avahi silent "Mandos silent"
measure "$FAILOVER_RUNS"; fail_ours=$ours; fail_theirs=$theirs

printf '\nDiscovery (no --connect), exec -> password, ms: median (min-max)\n'
printf '%-34s %-22s %-22s\n' scenario "ours (NativeAOT)" "Debian's 1.8.16"
printf '%-34s %-22s %-22s\n' "quiet LAN, one server" "$quiet_ours" "$quiet_theirs"
printf '%-34s %-22s %-22s\n' "one silent server + one live" "$fail_ours" "$fail_theirs"
