#!/bin/bash
# footprint.sh - how many bytes Mandos adds to an initramfs: our initramfs-tools hook
# (boot/initramfs-tools/hooks/mandos, with the multi-call executable from build/bin) against
# Debian's mandos-client hook (/usr/share/initramfs-tools/hooks/mandos, with Debian's
# programs, GnuPG and their libraries).
#
# Each hook runs with the real initramfs-tools hook-functions into an empty DESTDIR that
# already holds what every Debian initramfs has anyway (busybox, klibc, libc, libm, ld.so),
# so only what the hook itself adds is counted. Kernel modules are left out of both (both
# hooks ask for the same ones: auto_add_modules net, ipv6). Hard links count once.
# Printed: bytes on disk in the initramfs (uncompressed) and gzip -9'ed newc cpio of the
# added files, per hook, and our share of Debian's.
# Needs root (the hooks chown) and Debian's mandos-client package (tools/install-deps.sh).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BIN=${MANDOS_BIN:-$REPO/build/bin}
[ -x "$BIN/mandos-client" ] || { echo "$BIN/mandos-client is missing: run make build" >&2; exit 2; }
[ -r /usr/share/initramfs-tools/hooks/mandos ] || { echo "Debian's mandos-client is not installed" >&2; exit 2; }
W=$(mktemp -d /tmp/footprint.XXXXXX)
chmod 700 "$W"
trap 'rm -rf "$W"' EXIT
KVER=none   # no modules: modprobe finds none for a version that does not exist

# shellcheck source=bench/initramfs-tree.sh
. "$REPO/bench/initramfs-tree.sh"

added() {  # bytes of files in $1 that are not in the baseline list; hard links once
  local d=$1
  (cd "$d" && find . -mindepth 1 | sed 's|^\.||' | LC_ALL=C sort) | sed "s|^|$d|" \
    | LC_ALL=C comm -23 - "$d.list" > "$d.added"
  # du counts each inode once
  tr '\n' '\0' < "$d.added" | du -cb --files0-from=- 2> /dev/null | tail -n1 | cut -f1
}

compressed() {  # gzip -9 of a newc cpio of the added files
  local d=$1
  (cd "$d" && sed "s|^$d|.|" "$d.added" | cpio -o -H newc --quiet | gzip -9 | wc -c)
}

# ---- ours, from a staged package layout (the multi-call executable once, every name a link)
our_tree "$W/ours" "$W/stage" /etc/keys/mandos || exit 1
ours=$(added "$W/ours"); ours_gz=$(compressed "$W/ours")

# ---- Debian's, as installed
baseline "$W/debian"
DESTDIR=$W/debian version=$KVER verbose=n sh /usr/share/initramfs-tools/hooks/mandos 2> "$W/debian.err" \
  || { cat "$W/debian.err" >&2; exit 1; }
mkdir -p "$W/debian/scripts/init-premount" "$W/debian/scripts/local-premount"
install -m 0755 /usr/share/initramfs-tools/scripts/init-premount/mandos "$W/debian/scripts/init-premount/"
install -m 0755 /usr/share/initramfs-tools/scripts/local-premount/mandos "$W/debian/scripts/local-premount/"
debian=$(added "$W/debian"); debian_gz=$(compressed "$W/debian")

largest() {  # the N largest regular files a hook added (a hard-linked file once, under its first name)
  tr '\n' '\0' < "$1.added" | xargs -0 stat -c '%F %i %s %n' \
    | awk '$1 == "regular" && !seen[$3]++ { print $4, $5 }' \
    | sort -rn | head -n "$2" | sed "s|$1||; s|^|    |"
}
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
echo "initramfs footprint of Mandos (hook + boot scripts + keys; kernel modules excluded; hard links once)"
printf '  %-34s %12s  %s (%s gzip -9)\n' "ours (boot/initramfs-tools)" "$ours" "$(mb "$ours")" "$(mb "$ours_gz")"
printf '  %-34s %12s  %s (%s gzip -9)\n' "Debian's mandos-client 1.8.16" "$debian" "$(mb "$debian")" "$(mb "$debian_gz")"
awk -v o="$ours" -v d="$debian" 'BEGIN { printf "  ours is %.0f%% of Debian'"'"'s (target: at most 8 MB uncompressed)\n", 100 * o / d }'
echo "  largest of ours:"
largest "$W/ours" 4
echo "  largest of Debian's:"
largest "$W/debian" 6
