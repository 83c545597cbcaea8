#!/bin/sh
# /init of the boot test's initramfs (busybox sh). It does what initramfs-tools' /init and
# cryptsetup's older cryptroot script do around Mandos, and nothing more:
#   - exports IP from ip= and runs /scripts/init-premount/mandos (our boot script: mandos=,
#     configure_networking, plugin-runner made the keyscript in /conf/conf.d/cryptroot);
#   - for the line of /conf/conf.d/cryptroot, runs its keyscript with the crypttab key field
#     as $1 and CRYPTTAB_* in the environment, and pipes the output to cryptsetup open;
#   - prints "E2E-UNLOCKED: marker=<marker>" from the unlocked file system, runs
#     /scripts/local-premount/mandos and powers off.
# Kernel parameters of its own: e2e.tries=N (keyscript runs, default 3).
export PATH=/sbin:/bin
/bin/busybox mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
say() { echo "e2e-init: $*"; }
fail() { echo "E2E-FAILED: $*"; sleep 1; poweroff -f; }
tries=3
# what initramfs-tools' /init exports for its scripts and /scripts/functions
starttime=$(cut -d. -f1 /proc/uptime)
export quiet=n rootmnt=/newroot starttime
# shellcheck disable=SC2013 # the kernel command line is split into words
for arg in $(cat /proc/cmdline); do
  case "$arg" in
  quiet) quiet=y ;;
  ip=*) IP=${arg#ip=}; export IP ;;
  e2e.tries=*) tries=${arg#*=} ;;
  esac
done
while read -r m; do insmod "/lib/modules/$m" 2> /dev/null || say "insmod $m failed"; done < /lib/modules/load.order
[ -f /conf/modules ] && while read -r m _; do modprobe "$m" 2> /dev/null; done < /conf/modules
ip link set lo up
say "modules loaded at $(cut -d' ' -f1 /proc/uptime)s"

/scripts/init-premount/mandos || fail "scripts/init-premount/mandos failed ($?)"
say "init-premount done at $(cut -d' ' -f1 /proc/uptime)s: $(grep -c . /conf/conf.d/mandos/plugin-runner.conf) line(s) in plugin-runner.conf"

i=0; while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
line=$(head -n1 /conf/conf.d/cryptroot)
target='' source='' key='' keyscript=''
old_ifs=$IFS; IFS=,
for opt in $line; do
  case "$opt" in
  target=*) target=${opt#target=} ;;
  source=*) source=${opt#source=} ;;
  key=none) key= ;;          # as older cryptroot: no key file, the keyscript gets ""
  key=*) key=${opt#key=} ;;
  keyscript=*) keyscript=${opt#keyscript=} ;;
  esac
done
IFS=$old_ifs
[ -n "$keyscript" ] || fail "no keyscript in /conf/conf.d/cryptroot: $line"
say "cryptroot: $line"
export CRYPTTAB_NAME="$target" CRYPTTAB_SOURCE="$source" CRYPTTAB_KEY="$key" CRYPTTAB_OPTIONS="$line" CRYPTTAB_TRIED=0
export cryptsource="$source" crypttarget="$target"
export DM_DISABLE_UDEV=1           # no udev: libdevmapper makes /dev/mapper/* itself
ok=0
while [ "$CRYPTTAB_TRIED" -lt "$tries" ]; do
  if "$keyscript" "$key" | cryptsetup open --type luks --key-file=- "$source" "$target"; then ok=1; break; fi
  CRYPTTAB_TRIED=$((CRYPTTAB_TRIED + 1)); say "attempt $CRYPTTAB_TRIED failed"
done
[ $ok = 1 ] || fail "could not unlock $source after $CRYPTTAB_TRIED attempts"
say "unlocked at $(cut -d' ' -f1 /proc/uptime)s"
mount -t ext4 -o ro "/dev/mapper/$target" /newroot || fail "mount of the unlocked file system failed"
echo "E2E-UNLOCKED: marker=$(cat /newroot/marker.txt) uptime=$(cut -d' ' -f1 /proc/uptime)s"
/scripts/local-premount/mandos || say "scripts/local-premount/mandos failed ($?)"
poweroff -f
