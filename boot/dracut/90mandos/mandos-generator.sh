#!/bin/sh
# systemd generator in a dracut initramfs: mandos=connect:ADDRESS:PORT on the kernel command
# line makes ask-password-mandos.service run mandos-client with --connect=ADDRESS:PORT (as the
# initramfs-tools script does), instead of browsing Zeroconf. The network itself is dracut's
# (rd.neednet=1 ip=...). mandos=off is the units' condition; mandos=connect adds nothing here.
# Arguments: the generator directories (normal, early, late); only the first is written.
set -f
dir=${1:?usage: mandos-generator NORMAL_DIR [EARLY_DIR LATE_DIR]}
connect=
# shellcheck disable=SC2013 # the kernel command line is split into words (set -f above)
for word in $(cat /proc/cmdline); do
    case "$word" in
    mandos=*) ;;
    *) continue ;;
    esac
    old_ifs=$IFS
    IFS=,
    for option in ${word#mandos=}; do
        case "$option" in
        connect:*:*) connect=${option#connect:} ;;
        connect | off | "") ;;
        *) echo "mandos-generator: bad option in kernel parameter $word: $option" >&2 ;;
        esac
    done
    IFS=$old_ifs
done
[ -n "$connect" ] || exit 0
# only what an address and port are made of: nothing that systemd's quoting would read
case "$connect" in
*[!A-Za-z0-9.:%_\[\]-]*)
    echo "mandos-generator: ignoring mandos=connect:$connect (not an address:port)" >&2
    exit 0
    ;;
esac
mkdir -p "$dir/ask-password-mandos.service.d"
# a link-local address's %interface: % is systemd's specifier character, %% a literal one
printf '[Service]\nEnvironment=MANDOS_CONNECT=--connect=%s\n' "$(printf %s "$connect" | sed 's/%/%%/g')" \
    >"$dir/ask-password-mandos.service.d/50-kernel-command-line.conf"
