#!/bin/bash
# bench/preflight.sh -- how long `mandos-keygen --test` takes, and where the time goes, on loopback:
# our server with the client's section, a key set made by mandos-keygen, an initramfs made of
# our hook's tree (compressed with zstd, as Debian 12 does by default) and LUKS2 volumes in files.
# Debian has no such test (upstream's TODO plans one), so there is nothing to set beside it.
# Needs root (cryptsetup, the probe's change of user) and `make build`.
# Prints the median (min-max) wall time in milliseconds of BENCH_PREFLIGHT_RUNS runs (10) of:
#   keys, server, secret, one pbkdf2 volume (no initramfs);  the same and the initramfs;
#   the same with a volume made with cryptsetup's defaults (argon2id, about 2 s of work).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$REPO/build/bin}
RUNS=${BENCH_PREFLIGHT_RUNS:-10}
KVER=none
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
for p in mandos mandos-keygen mandos-client; do [ -x "$BIN/$p" ] || { echo "$BIN/$p is missing: run make build" >&2; exit 2; }; done
for p in cryptsetup zstd cpio; do command -v "$p" >/dev/null || { echo "needs $p" >&2; exit 2; }; done
W=$(mktemp -d /tmp/preflight-bench.XXXXXX)
chmod 700 "$W"
SERVER=
trap '[ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$W"' EXIT
progress() { printf '[bench preflight] %s\n' "$*" >&2; }

progress "keys, section, server"
mkdir -m 0700 "$W/keys"
"$BIN/mandos-keygen" --dir "$W/keys" --force >/dev/null
printf 'bench disk passphrase' > "$W/pass"
"$BIN/mandos-keygen" --dir "$W/keys" --passfile "$W/pass" --no-ssh --name bench > "$W/section"
mkdir -p "$W/conf" "$W/state"
{ printf '[DEFAULT]\nchecker = true\ninterval = P1D\ntimeout = P1D\n\n'; cat "$W/section"; } > "$W/conf/clients.conf"
printf '[DEFAULT]\n' > "$W/conf/mandos.conf"
"$BIN/mandos" --foreground --debug --no-dbus --no-zeroconf --no-restore --address 127.0.0.1 --port 0 --configdir "$W/conf" --statedir "$W/state" > "$W/server.log" 2>&1 &
SERVER=$!
port=
for _ in $(seq 300); do
  port=$(sed -n 's/.*Now listening on .*, port \([0-9]*\).*/\1/p' "$W/server.log" | head -n 1)
  [ -n "$port" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$W/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not say its port" >&2; exit 1; }

progress "volumes and the initramfs"
for kind in pbkdf2 argon2; do
  truncate -s 32M "$W/$kind.img"
  args=(--type luks2 --batch-mode --key-file="$W/pass")
  [ "$kind" = pbkdf2 ] && args+=(--pbkdf pbkdf2 --pbkdf-force-iterations 1000)
  cryptsetup luksFormat "${args[@]}" "$W/$kind.img"
done
# shellcheck source=bench/initramfs-tree.sh
. "$REPO/bench/initramfs-tree.sh"
our_tree "$W/tree" "$W/stage" "$W/keys"
mkdir -p "$W/tree/cryptroot"
: > "$W/tree/conf/initramfs.conf"
echo "cryptdata $W/pbkdf2.img none luks" > "$W/tree/cryptroot/crypttab"
(cd "$W/tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | zstd -q -19 -T0) > "$W/initrd.img"

one_run() { # ARGS... -> milliseconds; a run that does not end with exit 0 fails the bench
  local start end
  start=$(date +%s%N)
  "$BIN/mandos-keygen" --test --dir "$W/keys" --connect "127.0.0.1:$port" "$@" > "$W/out" 2>&1 ||
    { cat "$W/out" >&2; echo FAILED; return; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
summary() { # ARGS... -> "median (min-max)" of RUNS runs
  local runs=() sorted
  for _ in $(seq "$RUNS"); do runs+=("$(one_run "$@")"); done
  printf '%s\n' "${runs[@]}" | grep -q FAILED && { echo FAILED; return; }
  mapfile -t sorted < <(printf '%s\n' "${runs[@]}" | sort -n)
  echo "${sorted[$(( ${#sorted[@]} / 2 ))]} (${sorted[0]}-${sorted[$(( ${#sorted[@]} - 1 ))]})"
}

progress "$RUNS runs each"
plain=$(summary --initramfs= --device "$W/pbkdf2.img")
image=$(summary --initramfs "$W/initrd.img")
argon=$(summary --initramfs "$W/initrd.img" --device "$W/argon2.img")
echo "mandos-keygen --test, wall time in ms: median (min-max) of $RUNS runs"
printf '  %-58s %s\n' "keys, server, secret, LUKS2 volume (pbkdf2, 1000 it.)" "$plain"
printf '  %-58s %s\n' "the same and the initramfs ($(( $(stat -c %s "$W/initrd.img") / 1000 )) kB zstd)" "$image"
printf '  %-58s %s\n' "the same, volume with cryptsetup's defaults (argon2id)" "$argon"
[ "$plain$image$argon" = "${plain/FAILED/}${image/FAILED/}${argon/FAILED/}" ]
