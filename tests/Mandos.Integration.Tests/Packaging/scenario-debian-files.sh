# shellcheck shell=sh
# Debian 12 with Debian's mandos and mandos-client 1.8.16 installed, then ours over them:
# prints both packages' file lists (dpkg -L) for the test to compare with debian/not-shipped,
# and follows the D-Bus policy's move from /etc/dbus-1/system.d to /usr/share/dbus-1/system.d:
# the upgrade removes Debian's unchanged conffile, and keeps a changed one as .dpkg-bak
# (dpkg-maintscript-helper rm_conffile), which the bus does not read.
old_policy=/etc/dbus-1/system.d/mandos.conf
new_policy=/usr/share/dbus-1/system.d/mandos.conf
ours=/var/tmp/debian-chroot/debs    # where debian-chroot.sh puts the .debs it installs

# The file list of the installed packages, one "LABEL: PATH" line each
file_list() {
    label=$1
    shift
    dpkg -L "$@" | LC_ALL=C sort -u | sed "s|^|$label: |"
}

# conffile_of PACKAGE PATH: whether dpkg has PATH as a current (not obsolete) conffile of PACKAGE
conffile_of() {
    dpkg-query -W -f '${Conffiles}\n' "$1" | awk -v p="$2" '$1 == p && $3 != "obsolete" { found = 1 } END { exit !found }'
}

case "$1" in
before)
    package_installed mandos
    package_installed mandos-client
    file_list debian-file mandos mandos-client
    [ -f "$old_policy" ] || fail "Debian's mandos has no $old_policy"
    conffile_of mandos "$old_policy" || fail "$old_policy is no conffile of Debian's mandos"
    ok "Debian's mandos and mandos-client 1.8.16 installed, their file lists printed"
    ;;
after)
    for package in mandos mandos-client; do
        package_installed $package
        case "$(dpkg-query -W -f '${Version}' $package)" in *+cs*) ;; *) fail "$package is not ours" ;; esac
    done
    file_list our-file mandos mandos-client
    ok "our mandos and mandos-client installed over Debian's, their file lists printed"

    # The unchanged policy of Debian's package: gone, no backup, no conffile left in dpkg's records
    [ ! -e "$old_policy" ] || fail "$old_policy (Debian's, unchanged) is still there after the upgrade"
    [ ! -e "$old_policy.dpkg-bak" ] || fail "$old_policy.dpkg-bak was made, but the file was unchanged"
    ! dpkg-query -W -f '${Conffiles}\n' mandos | grep -q " $old_policy " ||
        fail "dpkg still records $old_policy as a conffile of mandos"
    has_mode "644 root:root" "$new_policy"
    grep -q '<policy group="_mandos">' "$new_policy" || fail "$new_policy is not the Mandos policy"
    ok "upgrade: Debian's unchanged $old_policy removed, the policy is $new_policy"

    # Back to Debian's mandos (its policy returns), the administrator changes it, ours again
    dpkg -i --force-confdef --force-confold /var/cache/apt/archives/mandos_1.8.16-1_all.deb \
        >/tmp/downgrade.log 2>&1 || fail "dpkg -i Debian's mandos failed: $(cat /tmp/downgrade.log)"
    [ -f "$old_policy" ] || fail "Debian's mandos, installed again, brought no $old_policy"
    echo '<!-- changed by the administrator -->' >>"$old_policy"
    cp "$old_policy" /root/changed-policy
    dpkg -i --force-confdef --force-confold "$ours"/mandos_*.deb \
        >/tmp/upgrade.log 2>&1 || fail "dpkg -i our mandos failed: $(cat /tmp/upgrade.log)"
    [ ! -e "$old_policy" ] || fail "$old_policy (changed) is still in place after the upgrade"
    cmp -s "$old_policy.dpkg-bak" /root/changed-policy ||
        fail "the changed $old_policy was not kept as $old_policy.dpkg-bak"
    [ -f "$new_policy" ] || fail "$new_policy is missing after the second upgrade"
    ok "upgrade: a changed $old_policy kept as $old_policy.dpkg-bak"
    ;;
esac
