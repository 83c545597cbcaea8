# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# A client with an encrypted disk whose initramfs is made by dracut with systemd in it (the
# Fedora-style boot, on Debian 12): our mandos-client package over a system with a kernel,
# dracut, dracut-network, systemd and cryptsetup; the installed mandos-keygen prints the
# clients.conf section for the disk's passphrase; /etc/crypttab names the LUKS volume; Debian's
# own dracut builds the initramfs with our module 90mandos (password-agent answers
# systemd-cryptsetup's question). The kernel, the initramfs and the section go to /out for the
# caller, who boots them (tests/.../Vm/DracutBootTests.cs).
#
# /out holds on entry: passphrase (the disk's, no newline), luks-uuid (the volume's UUID).
# /out holds on exit: vmlinuz, initrd.img, clients.conf.section, keys/, dracut.log, initrd.list; and
# nosystemd/initrd.img, dracut-nosystemd.log, initrd-nosystemd.list: an initramfs without systemd.
case "$1" in
before)
    ls /boot/vmlinuz-* >/dev/null 2>&1 || fail "no kernel in /boot"
    command -v dracut >/dev/null || fail "no dracut"
    ! command -v update-initramfs >/dev/null || fail "initramfs-tools is installed beside dracut"
    # shellcheck disable=SC2015 # fail unless both hold
    [ -s /out/passphrase ] && [ -s /out/luks-uuid ] || fail "/out lacks passphrase or luks-uuid"
    # What an administrator of a dracut client sets (README): 90mandos carries this host's keys
    # and refuses a generic image. The rest stands in for what this chroot cannot show dracut:
    # the VM's disk and network drivers (no /sys here, and the chroot's root is not the VM's),
    # and no root= of the chroot's own in the image (the kernel command line names the root).
    cat >/etc/dracut.conf.d/50-client.conf <<-EOF
	hostonly="yes"
	hostonly_cmdline="no"
	add_drivers+=" virtio_pci virtio_blk virtio_net dm_crypt ext4 "
	compress="gzip"
	EOF
    ;;
after)
    package_installed mandos-client
    # shellcheck disable=SC2012 # kernel file names are plain words
    kver=$(cd /boot && ls vmlinuz-* | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
    initrd=/boot/initrd.img-$kver
    # postinst made the keys and ran dracut's kernel hook: our module was in that image already
    [ -s "$initrd" ] || fail "the package's postinst made no $initrd"
    lsinitrd "$initrd" >/tmp/postinst-initrd.list 2>&1 || fail "lsinitrd $initrd failed"
    grep -Eq ' (usr/)?lib/mandos/password-agent$' /tmp/postinst-initrd.list ||
        fail "postinst's dracut run left no lib/mandos/password-agent in $initrd"
    ok "postinst ran dracut for kernel $kver with our module"

    mandos-keygen --passfile /out/passphrase --no-ssh --name dracut-client >/out/clients.conf.section ||
        fail "mandos-keygen --passfile failed"
    grep -q '^\[dracut-client\]' /out/clients.conf.section || fail "no section in mandos-keygen's output"
    # The key set postinst made, for mandos-keygen --test on the host (/out is root's alone)
    cp -a /etc/keys/mandos /out/keys

    # The chroot's root file system is not encrypted, so dracut's crypt module would drop the
    # line as no device of this host's: "force" (a dracut option, ignored by systemd) keeps it.
    echo "cryptdata UUID=$(cat /out/luks-uuid) none luks,force" >/etc/crypttab
    start=$(date +%s)
    dracut --force --verbose "$initrd" "$kver" >/out/dracut.log 2>&1 || fail "dracut failed: $(tail -n 30 /out/dracut.log)"
    ok "dracut built $initrd in $(($(date +%s) - start)) s ($(stat -c %s "$initrd") bytes)"
    case "$(stat -c %a "$initrd")" in
    600 | 640 | 400 | 440) ;;
    *) fail "$initrd holds the client's private keys but is mode $(stat -c %a "$initrd")" ;;
    esac
    grep -q "Including module: mandos" /out/dracut.log || fail "dracut did not include module mandos: $(grep -i mandos /out/dracut.log)"
    lsinitrd "$initrd" >/out/initrd.list
    for f in lib/mandos/mandos-client lib/mandos/password-agent lib/mandos/plugin-helpers/mandos-client-iprouteadddel \
        etc/mandos/keys/pubkey.txt etc/mandos/keys/seckey.txt etc/mandos/keys/tls-pubkey.pem etc/mandos/keys/tls-privkey.pem \
        usr/lib/systemd/system/ask-password-mandos.path usr/lib/systemd/system/ask-password-mandos.service \
        usr/lib/systemd/system/sysinit.target.wants/ask-password-mandos.path \
        usr/lib/systemd/systemd-cryptsetup etc/crypttab; do
        # (lib is usr/lib in a usr-merged image)
        grep -Eq " (usr/)?${f#usr/}( -> .*)?$" /out/initrd.list || fail "$f is not in the initramfs"
    done
    ok "lsinitrd: our programs, keys and units, and systemd-cryptsetup, in $initrd"

    # The image's files as they will be at boot: one copy of the multi-call program, no setuid
    # bit (password-agent gives it its ids), keys the unprivileged user's alone, crypttab's line.
    rm -rf /tmp/initrd && mkdir /tmp/initrd
    (cd /tmp/initrd && lsinitrd --unpack "$initrd") || fail "lsinitrd --unpack failed"
    r=/tmp/initrd
    uid=$(getent passwd _mandos | cut -d: -f3)
    gid=$(getent passwd _mandos | cut -d: -f4)
    [ "$(stat -c %i $r/lib/mandos/mandos-client)" = "$(stat -c %i $r/lib/mandos/password-agent)" ] ||
        fail "password-agent is not a hard link to mandos-client"
    [ "$(stat -c %a $r/lib/mandos/mandos-client)" = 755 ] || fail "lib/mandos/mandos-client is mode $(stat -c %a $r/lib/mandos/mandos-client)"
    for f in pubkey.txt seckey.txt tls-pubkey.pem tls-privkey.pem; do
        [ "$(stat -c '%a %u:%g' $r/etc/mandos/keys/$f)" = "600 $uid:$gid" ] ||
            fail "etc/mandos/keys/$f is $(stat -c '%a %u:%g' $r/etc/mandos/keys/$f), expected 600 $uid:$gid"
        cmp -s "$r/etc/mandos/keys/$f" "$keydir/$f" || fail "etc/mandos/keys/$f differs from $keydir/$f"
    done
    unit=$r/usr/lib/systemd/system/ask-password-mandos.service
    grep -q "^ExecStart=/lib/mandos/password-agent --group=$gid --user=$uid \\\$PASSWORD_AGENT_OPTIONS -- /lib/mandos/mandos-client " "$unit" ||
        fail "ExecStart of ask-password-mandos.service: $(grep ^ExecStart "$unit")"
    # (dracut writes the device UUID=... as the path udev will make)
    grep -q "^cryptdata /dev/disk/by-uuid/$(cat /out/luks-uuid) none " $r/etc/crypttab || fail "etc/crypttab: $(cat $r/etc/crypttab)"
    rm -rf /tmp/initrd
    ok "initramfs files: one multi-call program, keys 0600 $uid:$gid, agent's ids in the unit, crypttab"

    cp "/boot/vmlinuz-$kver" /out/vmlinuz
    cp "$initrd" /out/initrd.img

    # The same host with an initramfs without systemd (dracut's own init, cryptroot-ask, the
    # network-legacy ifup): our cmdline hook makes dracut-crypt ask plugin-runner.
    nosystemd=/boot/initrd-nosystemd.img-$kver
    start=$(date +%s)
    dracut --force --verbose --omit "systemd systemd-initrd systemd-networkd dracut-systemd dbus dbus-daemon" \
        --add network-legacy "$nosystemd" "$kver" >/out/dracut-nosystemd.log 2>&1 ||
        fail "dracut without systemd failed: $(tail -n 30 /out/dracut-nosystemd.log)"
    ok "dracut built $nosystemd (no systemd) in $(($(date +%s) - start)) s ($(stat -c %s "$nosystemd") bytes)"
    lsinitrd "$nosystemd" >/out/initrd-nosystemd.list
    ! grep -Eq ' (usr/)?lib/systemd/systemd$' /out/initrd-nosystemd.list || fail "systemd is in $nosystemd"
    for f in lib/mandos/plugin-runner lib/mandos/plugins.d/mandos-client lib/mandos/plugins.d/password-prompt \
        etc/mandos/plugin-runner.conf etc/mandos/keys/seckey.txt usr/lib/dracut/hooks/cmdline/20-cmdline-mandos.sh \
        usr/sbin/cryptroot-ask usr/sbin/ifup; do
        grep -Eq " (usr/)?${f#usr/}( -> .*)?$" /out/initrd-nosystemd.list || fail "$f is not in $nosystemd"
    done
    ok "lsinitrd: plugin-runner, its plugins and configuration, our cmdline hook, in $nosystemd"
    mkdir -p /out/nosystemd
    cp "$nosystemd" /out/nosystemd/initrd.img
    ;;
esac
