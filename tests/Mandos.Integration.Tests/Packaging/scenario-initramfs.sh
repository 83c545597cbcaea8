# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# A client with an encrypted disk, as an administrator sets it up on Debian 12 (README,
# "A first client"): our mandos-client package over a system with a kernel, initramfs-tools and
# cryptsetup-initramfs; the installed mandos-keygen prints the clients.conf section for the
# disk's passphrase; /etc/crypttab names the LUKS volume; Debian's own update-initramfs (mkinitramfs,
# cryptsetup's hooks and ours) makes the initramfs. The kernel, the initramfs and the section go
# to /out for the caller, who boots them (tests/.../Vm/PackagedBootTests.cs); a second initramfs,
# made with plugin-runner as the crypttab keyscript, goes to /out/keyscript/.
#
# /out holds on entry: passphrase (the disk's, no newline), luks-uuid (the volume's UUID).
# It gets: vmlinuz, initrd.img, clients.conf.section, keys/ (the client's key set), keyscript/,
# and without-mandos.img (the image made before our package was installed).
case "$1" in
before)
    ls /boot/vmlinuz-* >/dev/null 2>&1 || fail "no kernel in /boot"
    # shellcheck disable=SC2015 # fail unless both hold
    [ -s /out/passphrase ] && [ -s /out/luks-uuid ] || fail "/out lacks passphrase or luks-uuid"
    # The image the kernel's package made before ours was installed: no Mandos in it
    # shellcheck disable=SC2012 # kernel file names are plain words
    before=/boot/initrd.img-$(cd /boot && ls vmlinuz-* | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
    [ -s "$before" ] || fail "the layer has no $before"
    cp "$before" /out/without-mandos.img
    ;;
after)
    package_installed mandos-client
    # shellcheck disable=SC2012 # kernel file names are plain words
    kver=$(cd /boot && ls vmlinuz-* | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
    # postinst made the keys and ran update-initramfs once: our hook ran with a real kernel
    initrd=/boot/initrd.img-$kver
    [ -s "$initrd" ] || fail "the package's postinst made no $initrd"
    lsinitramfs "$initrd" | grep -qx 'usr/lib/mandos/plugin-runner' || fail "postinst's initramfs has no plugin-runner"
    ok "postinst updated the initramfs of kernel $kver"

    mandos-keygen --passfile /out/passphrase --no-ssh --name packaged-client >/out/clients.conf.section ||
        fail "mandos-keygen --passfile failed"
    grep -q '^\[packaged-client\]' /out/clients.conf.section || fail "no section in mandos-keygen's output"
    # The key set postinst made, for mandos-keygen --test on the host (/out is root's alone)
    cp -a /etc/keys/mandos /out/keys

    # Second, the older route some administrators still write: plugin-runner as the crypttab
    # keyscript. Debian's cryptsetup 2 runs it as `plugin-runner none` (the key field) after its
    # hook copied it in; everything else comes from our hook. Made first, into /out/keyscript/.
    echo "cryptdata UUID=$(cat /out/luks-uuid) none luks,initramfs,keyscript=$libdir/plugin-runner" >/etc/crypttab
    update-initramfs -u -k "$kver" >/tmp/update-initramfs.log 2>&1 ||
        fail "update-initramfs (keyscript) failed: $(cat /tmp/update-initramfs.log)"
    lsinitramfs "$initrd" >/tmp/initramfs.list
    for f in cryptroot/crypttab "${libdir#/}/plugin-runner" usr/lib/mandos/plugins.d/mandos-client \
        usr/lib/mandos/plugins.d/password-prompt scripts/init-premount/mandos conf/conf.d/mandos/seckey.txt; do
        grep -qx "$f" /tmp/initramfs.list || fail "$f is not in the keyscript initramfs"
    done
    mkdir -p /out/keyscript
    cp "$initrd" /out/keyscript/initrd.img
    ok "update-initramfs with plugin-runner as the crypttab keyscript: $initrd"

    # The root file system is not encrypted in this chroot, so cryptsetup's hook cannot find the
    # volume by itself: the initramfs option makes it take the line all the same.
    echo "cryptdata UUID=$(cat /out/luks-uuid) none luks,initramfs" >/etc/crypttab
    update-initramfs -u -k "$kver" >/tmp/update-initramfs.log 2>&1 ||
        fail "update-initramfs failed: $(cat /tmp/update-initramfs.log)"
    lsinitramfs "$initrd" >/tmp/initramfs.list
    for f in cryptroot/crypttab usr/bin/cryptroot-unlock usr/lib/mandos/plugin-runner \
        usr/lib/mandos/plugins.d/mandos-client usr/lib/mandos/mandos-to-cryptroot-unlock \
        scripts/init-premount/mandos scripts/local-premount/mandos conf/conf.d/mandos/seckey.txt \
        conf/conf.d/mandos/tls-privkey.pem; do
        grep -qx "$f" /tmp/initramfs.list || fail "$f is not in the initramfs"
    done
    ok "update-initramfs: cryptsetup's and our hook's files in $initrd"
    cp "/boot/vmlinuz-$kver" /out/vmlinuz
    cp "$initrd" /out/initrd.img
    ;;
esac
