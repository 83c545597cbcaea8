#!/bin/bash
# build.sh - the artefacts of the boot test: a Debian cloud kernel, an initramfs that carries
# Mandos as our initramfs-tools hook puts it there, and a LUKS2 disk image.
#
# Output, under $E2E_WORK:
#   vmlinuz      linux-image-*-cloud-amd64's kernel (downloaded with apt, extracted, cached)
#   initrd.img   busybox (static) + cryptsetup + modules + init.sh as /init, then
#                boot/initramfs-tools/hooks/mandos run on it (DESTDIR) with the real
#                initramfs-tools hook-functions, boot/initramfs-tools/scripts in /scripts,
#                initramfs-tools' own /scripts/functions and klibc's ipconfig
#   disk.img     LUKS2 volume (pbkdf2, fast under TCG) holding an ext4 file system with
#                /marker.txt
#   marker       the text in /marker.txt
#
# Input (environment):
#   E2E_WORK        output directory (created; made 0700)
#   E2E_CACHE       kernel/busybox download cache, default /var/cache/e2e-vm
#   MANDOS_BIN      directory holding our published programs, default <repo>/build/bin
#   KEYDIR          the client's key set (what /etc/keys/mandos holds on a client), required
#   PASSFILE        file holding the disk passphrase (no newline), required; never printed
#   RUNNER_CONF     file used as /etc/mandos/plugin-runner.conf (default: none)
#   LUKS_PBKDF_ARGS default "--pbkdf pbkdf2 --pbkdf-force-iterations 1000"
#
# `build.sh --fetch-only` only installs the host tools and fills the download cache (the boot of
# the packaged client takes busybox from there).
#
# Needs root (apt-get for missing tools, the hook's chown, a private mount namespace so the
# hook's modprobe sees the downloaded kernel's modules as /lib/modules/<version>).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
WORK=${E2E_WORK:?E2E_WORK must name the output directory}
CACHE=${E2E_CACHE:-/var/cache/e2e-vm}
BIN=${MANDOS_BIN:-$REPO/build/bin}
FETCH_ONLY=no
if [ "${1:-}" = --fetch-only ]; then FETCH_ONLY=yes; fi   # host tools and the download cache only
if [ $FETCH_ONLY = no ]; then
  KEYDIR=${KEYDIR:?KEYDIR must name the client key directory}
  PASSFILE=${PASSFILE:?PASSFILE must name the passphrase file}
fi
LUKS_PBKDF_ARGS=${LUKS_PBKDF_ARGS:---pbkdf pbkdf2 --pbkdf-force-iterations 1000}
T0=$(date +%s%N)
log() { echo "[build $(( ($(date +%s%N) - T0) / 1000000 )) ms] $*"; }

if [ $FETCH_ONLY = no ]; then
  [ -x "$BIN/mandos-client" ] || { echo "$BIN/mandos-client is missing: run make build" >&2; exit 2; }
  [ -d "$KEYDIR" ] || { echo "KEYDIR $KEYDIR is not a directory" >&2; exit 2; }
  [ -r "$PASSFILE" ] || { echo "PASSFILE $PASSFILE is not readable" >&2; exit 2; }
fi
umask 077
mkdir -p "$WORK" "$CACHE"
chmod 700 "$WORK"

# ---------------------------------------------------------------- host tools
need=()
command -v qemu-system-x86_64 > /dev/null || need+=(qemu-system-x86)
command -v cryptsetup > /dev/null || need+=(cryptsetup-bin)
command -v cpio > /dev/null || need+=(cpio)
command -v socat > /dev/null || need+=(socat)
command -v mkfs.ext4 > /dev/null || need+=(e2fsprogs)
command -v depmod > /dev/null || need+=(kmod)
[ -r /usr/share/initramfs-tools/hook-functions ] || need+=(initramfs-tools-core)
[ -x /usr/lib/klibc/bin/ipconfig ] || need+=(klibc-utils)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" > /dev/null
fi

# ---------------------------------------------------------------- kernel and busybox (cached)
(
  flock 9
  if [ ! -s "$CACHE/kver" ] || [ ! -d "$CACHE/kernel/lib/modules/$(cat "$CACHE/kver")" ]; then
    pkg=$(apt-cache depends linux-image-cloud-amd64 2> /dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    if [ -z "$pkg" ]; then
      apt-get update -q > /dev/null
      pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
    fi
    (cd "$CACHE" && rm -f linux-image-*.deb && apt-get download "$pkg" > /dev/null 2>&1)
    rm -rf "$CACHE/kernel"
    dpkg-deb -x "$CACHE"/linux-image-*.deb "$CACHE/kernel"
    depmod -b "$CACHE/kernel" "${pkg#linux-image-}"
    echo "${pkg#linux-image-}" > "$CACHE/kver"
  fi
  if [ ! -x "$CACHE/busybox/bin/busybox" ]; then
    (cd "$CACHE" && rm -f busybox-static_*.deb && apt-get download busybox-static > /dev/null 2>&1)
    rm -rf "$CACHE/busybox"
    dpkg-deb -x "$CACHE"/busybox-static_*.deb "$CACHE/busybox"
  fi
) 9> "$CACHE/.lock"
if [ $FETCH_ONLY = yes ]; then log "cache ready: $CACHE"; exit 0; fi
KVER=$(cat "$CACHE/kver")
KROOT=$CACHE/kernel
cp "$KROOT/boot/vmlinuz-$KVER" "$WORK/vmlinuz"
log "kernel $KVER"

# ---------------------------------------------------------------- the initramfs tree
R=$WORK/initramfs.d
rm -rf "$R"
# merged /usr, as mkinitramfs makes it on a merged-/usr host
mkdir -p "$R"/{dev,proc,sys,run,tmp,newroot,etc,conf/conf.d,scripts/init-premount,scripts/local-premount} \
  "$R"/usr/{bin,sbin,lib64} "$R"/usr/lib/{modules,x86_64-linux-gnu}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$R/$d"; done
chmod 755 "$R" "$R"/usr "$R"/usr/* "$R"/conf "$R"/etc "$R"/scripts "$R"/scripts/*
BB=$CACHE/busybox/bin/busybox
install -m 0755 "$BB" "$R/bin/busybox"
for a in $("$BB" --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done

# what mkinitramfs would put there besides our hook's files
export DESTDIR=$R verbose=n version=$KVER MODULESDIR=/lib/modules/$KVER
# shellcheck disable=SC1091
. /usr/share/initramfs-tools/hook-functions
copy_exec "$(command -v cryptsetup)" /sbin/cryptsetup
copy_exec /usr/lib/klibc/bin/ipconfig /bin/ipconfig
cp /usr/lib/klibc-*.so "$R/lib/"          # ipconfig's program interpreter (ldd does not see it)
install -m 0644 /usr/share/initramfs-tools/scripts/functions "$R/scripts/functions"
printf 'DEVICE=\nBOOT=local\n' > "$R/conf/initramfs.conf"
# older cryptsetup's table of the devices to unlock (the init-premount script edits it)
echo "target=cryptdata,source=/dev/vda,rootdev,key=none" > "$R/conf/conf.d/cryptroot"
install -m 0755 "$HERE/init.sh" "$R/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$R/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"

# the modules init.sh loads, in dependency order
: > "$R/lib/modules/load.order"
for m in virtio_pci virtio_blk virtio_net dm_mod dm_crypt xts algif_skcipher; do
  modprobe -d "$KROOT" -S "$KVER" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
  cp "$ko" "$R/lib/modules/"; basename "$ko" >> "$R/lib/modules/load.order"
done

# ---------------------------------------------------------------- Mandos, as a client host has it
# The package's layout: the multi-call executable once, every other upstream name a symlink to it.
S=$WORK/stage
rm -rf "$S"
L=$S/usr/lib/x86_64-linux-gnu/mandos
mkdir -p "$L/plugins.d" "$L/plugin-helpers" "$S/etc/mandos/plugins.d" "$S/etc/mandos/plugin-helpers" \
  "$S/etc/mandos/network-hooks.d" "$S/etc/keys/mandos" "$S/etc/initramfs-tools/conf.d"
install -m 0755 "$BIN/mandos-client" "$L/plugins.d/mandos-client"
ln -s plugins.d/mandos-client "$L/plugin-runner"
for name in password-prompt askpass-fifo plymouth splashy usplash; do ln -s mandos-client "$L/plugins.d/$name"; done
ln -s ../plugins.d/mandos-client "$L/plugin-helpers/mandos-client-iprouteadddel"
install -m 0755 "$REPO/boot/initramfs-tools/mandos-to-cryptroot-unlock" "$L/mandos-to-cryptroot-unlock"
if ! "$L/plugin-runner" --version 2> /dev/null | grep -q '^plugin-runner'; then
  echo "$BIN/mandos-client does not act as plugin-runner: run make build" >&2
  exit 2
fi
for f in "$KEYDIR"/*; do [ -f "$f" ] && install -m 0600 "$f" "$S/etc/keys/mandos/"; done
if [ -n "${RUNNER_CONF:-}" ]; then install -m 0644 "$RUNNER_CONF" "$S/etc/mandos/plugin-runner.conf"; fi
printf 'DEVICE=\n' > "$S/etc/initramfs-tools/initramfs.conf"

# Our hook, in a private mount namespace where /lib/modules/$KVER is the downloaded kernel's.
mkdir -p /usr/lib/modules
# shellcheck disable=SC2016 # the script expands its own arguments
unshare -m bash -c '
  mount --bind "$1/lib/modules" /usr/lib/modules
  MANDOS_LIBDIR=$2/usr/lib/x86_64-linux-gnu MANDOS_KEYDIR=$2/etc/keys/mandos MANDOS_SYSCONFDIR=$2/etc/mandos \
    CONFDIR=$2/etc/initramfs-tools sh "$3/boot/initramfs-tools/hooks/mandos"
  for f in modules.order modules.builtin modules.builtin.modinfo; do
    cp "$1/lib/modules/$version/$f" "$DESTDIR/lib/modules/$version/"
  done
  depmod -b "$DESTDIR" "$version"
' hook "$KROOT" "$S" "$REPO"
install -m 0755 "$REPO/boot/initramfs-tools/scripts/init-premount/mandos" "$R/scripts/init-premount/mandos"
install -m 0755 "$REPO/boot/initramfs-tools/scripts/local-premount/mandos" "$R/scripts/local-premount/mandos"
rm -rf "$S"

(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) | gzip -1 > "$WORK/initrd.img"
log "initrd.img $(du -k "$WORK/initrd.img" | cut -f1) KiB"

# ---------------------------------------------------------------- the encrypted disk (no device-mapper)
E2E_WORK=$WORK PASSFILE=$PASSFILE LUKS_PBKDF_ARGS=$LUKS_PBKDF_ARGS bash "$HERE/disk.sh"
log "disk.img: LUKS2, marker $(cat "$WORK/marker")"
