# shellcheck shell=bash
# bench/initramfs-tree.sh -- sourced by the benchmarks that need an initramfs tree made by our
# initramfs-tools hook (footprint.sh, preflight.sh). Needs REPO, BIN (with mandos-client) and
# KVER (a kernel version; one that does not exist copies no modules) set by the caller, and the
# real initramfs-tools hook-functions.

baseline() {  # DIR: what any Debian initramfs carries whatever the hooks: busybox, klibc, libc
  local d=$1 x
  # the usr-merged layout mkinitramfs makes before it runs hooks
  for x in bin sbin lib lib64; do mkdir -p "$d/usr/$x"; ln -s "usr/$x" "$d/$x"; done
  mkdir -p "$d/conf/conf.d" "$d/etc" "$d/run" "$d/scripts"
  ( export DESTDIR=$d verbose=n version=$KVER
    # shellcheck source=/dev/null # initramfs-tools' hook-functions
    . /usr/share/initramfs-tools/hook-functions
    copy_exec /usr/bin/busybox /bin/busybox
    for f in /usr/lib/klibc-*.so; do copy_file binary "$f" /lib/; done
    copy_exec "$(command -v cryptsetup)" /sbin/cryptsetup )
  find "$d" | LC_ALL=C sort > "$d.list"
}

our_tree() {  # DIR STAGE KEYDIR: baseline, then our hook (from a staged package layout) and boot scripts
  local d=$1 s=$2 keydir=$3 l=$2/usr/lib/x86_64-linux-gnu/mandos n
  mkdir -p "$l/plugins.d" "$l/plugin-helpers" "$s/etc/mandos/plugins.d" "$s/etc/mandos/network-hooks.d" "$s/etc/initramfs-tools"
  install -m 0755 "$BIN/mandos-client" "$l/plugins.d/mandos-client"
  ln -sf plugins.d/mandos-client "$l/plugin-runner"
  for n in password-prompt askpass-fifo plymouth splashy usplash; do ln -sf mandos-client "$l/plugins.d/$n"; done
  ln -sf ../plugins.d/mandos-client "$l/plugin-helpers/mandos-client-iprouteadddel"
  install -m 0755 "$REPO/boot/initramfs-tools/mandos-to-cryptroot-unlock" "$l/"
  : > "$s/etc/mandos/plugin-runner.conf"
  : > "$s/etc/initramfs-tools/initramfs.conf"
  baseline "$d"
  DESTDIR=$d version=$KVER verbose=n MANDOS_LIBDIR=$s/usr/lib/x86_64-linux-gnu MANDOS_KEYDIR=$keydir \
    MANDOS_SYSCONFDIR=$s/etc/mandos CONFDIR=$s/etc/initramfs-tools sh "$REPO/boot/initramfs-tools/hooks/mandos" 2> "$d.err" \
    || { cat "$d.err" >&2; return 1; }
  mkdir -p "$d/scripts/init-premount" "$d/scripts/local-premount" "$d/conf"
  install -m 0755 "$REPO/boot/initramfs-tools/scripts/init-premount/mandos" "$d/scripts/init-premount/"
  install -m 0755 "$REPO/boot/initramfs-tools/scripts/local-premount/mandos" "$d/scripts/local-premount/"
}
