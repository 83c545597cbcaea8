#!/bin/bash
# disk.sh - the boot test's encrypted disk: a LUKS2 volume (pbkdf2, fast under TCG) holding an
# ext4 file system with /marker.txt.
#
# Output, under $E2E_WORK: disk.img, marker (the text in /marker.txt), luks-uuid.
#
# Input (environment):
#   E2E_WORK         output directory (must exist)
#   PASSFILE         file holding the disk passphrase (no newline), required; never printed
#   ROOTFS=bootable  also make the file system a root file system the initramfs can switch to:
#                    static busybox (BUSYBOX, a path) as /bin/sh and an /sbin/init that prints
#                    "E2E-PROCESSES: <names>" (the user-space processes the initramfs left
#                    running), then "E2E-UNLOCKED: marker=<marker> uptime=<s>s" on the console,
#                    and powers off; and an /etc/os-release (systemd's switch-root wants one)
#   LUKS_PBKDF_ARGS  default "--pbkdf pbkdf2 --pbkdf-force-iterations 1000"
set -euo pipefail
WORK=${E2E_WORK:?E2E_WORK must name the output directory}
PASSFILE=${PASSFILE:?PASSFILE must name the passphrase file}
LUKS_PBKDF_ARGS=${LUKS_PBKDF_ARGS:---pbkdf pbkdf2 --pbkdf-force-iterations 1000}
umask 077
MARKER=E2E-MARKER-$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$MARKER" > "$WORK/marker"
C=$WORK/diskroot.d
rm -rf "$C"; mkdir -p "$C"
chmod 755 "$C"
echo "$MARKER" > "$C/marker.txt"
chmod 644 "$C/marker.txt"
if [ "${ROOTFS:-}" = bootable ]; then
  BUSYBOX=${BUSYBOX:?ROOTFS=bootable needs BUSYBOX, a static busybox}
  mkdir -p "$C/bin" "$C/sbin" "$C/proc" "$C/sys" "$C/dev" "$C/run" "$C/tmp" "$C/etc"
  # systemd in an initramfs (dracut) switches only to a root that has an os-release
  printf 'NAME="Mandos boot test root"\nID=mandos-e2e\n' > "$C/etc/os-release"
  chmod 644 "$C/etc/os-release"
  install -m 0755 "$BUSYBOX" "$C/bin/busybox"
  ln -s busybox "$C/bin/sh"
  cat > "$C/sbin/init" <<'INIT'
#!/bin/sh
# the unlocked root file system's init: proof of a complete boot, then power off
/bin/busybox mount -t proc proc /proc
left=
for p in /proc/[0-9]*; do
  [ "${p#/proc/}" = 1 ] && continue
  /bin/busybox readlink "$p/exe" > /dev/null 2>&1 || continue   # kernel threads have no exe
  left="$left $(/bin/busybox cat "$p/comm" 2> /dev/null)"
done
echo "E2E-PROCESSES:$left"
echo "E2E-UNLOCKED: marker=$(/bin/busybox cat /marker.txt) uptime=$(/bin/busybox cut -d' ' -f1 /proc/uptime)s"
/bin/busybox sync
/bin/busybox poweroff -f
INIT
  chmod 0755 "$C/sbin/init"
fi
rm -f "$WORK/disk.img"
truncate -s 40M "$WORK/disk.img"
mkfs.ext4 -q -F -L e2eroot -d "$C" "$WORK/disk.img" 24M
# shellcheck disable=SC2086
cryptsetup reencrypt --encrypt --type luks2 --reduce-device-size 16M $LUKS_PBKDF_ARGS \
  --key-file "$PASSFILE" --batch-mode "$WORK/disk.img" > /dev/null
cryptsetup isLuks "$WORK/disk.img"
cryptsetup luksUUID "$WORK/disk.img" > "$WORK/luks-uuid"
rm -rf "$C"
