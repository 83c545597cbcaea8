# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Fresh Debian 12: our packages install with their dependencies, put every file where upstream
# does with the right modes, make the _mandos user and the client's keys; the installed server
# serves the installed client; removal and purge leave nothing behind.
case "$1" in
before)
    [ ! -e /etc/mandos ] || fail "/etc/mandos exists before the install"
    ;;
after)
    package_installed mandos
    package_installed mandos-client
    getent passwd _mandos | grep -q '^_mandos:x:[0-9]*:[0-9]*:Mandos password system[^:]*:/nonexistent:' ||
        fail "no _mandos system user with home /nonexistent: $(getent passwd _mandos)"
    [ "$(id -gn _mandos)" = _mandos ] || fail "the _mandos user's group is $(id -gn _mandos)"
    [ "$(id -u _mandos)" -lt 1000 ] || fail "_mandos is not a system user (uid $(id -u _mandos))"
    ok "_mandos system user and group"

    for program in /usr/sbin/mandos /usr/sbin/mandos-ctl /usr/sbin/mandos-keygen; do
        has_mode "755 root:root" "$program"
        is_elf "$program"
    done
    has_mode "755 root:root" "$client"
    no_set_id_files mandos mandos-client
    has_mode "700 root:root" "$libdir/plugins.d"
    has_mode "700 root:root" "$libdir/plugin-helpers"
    [ "$(readlink -f "$libdir/plugin-helpers/mandos-client-iprouteadddel")" = "$client" ] ||
        fail "mandos-client-iprouteadddel is not a link to $client"
    for name in plugin-runner plugins.d/password-prompt plugins.d/askpass-fifo plugins.d/plymouth; do
        if [ -L "$libdir/$name" ]; then
            [ "$(readlink -f "$libdir/$name")" = "$client" ] || fail "$libdir/$name does not lead to $client"
        fi
    done
    has_mode "600 root:root" /etc/mandos/clients.conf
    has_mode "644 root:root" /etc/mandos/mandos.conf
    has_mode "644 root:root" /etc/mandos/plugin-runner.conf
    has_mode "700 root:root" /etc/mandos/plugins.d
    has_mode "700 _mandos:_mandos" /var/lib/mandos
    has_mode "644 root:root" /lib/systemd/system/mandos.service
    has_mode "644 root:root" /usr/share/dbus-1/system.d/mandos.conf
    has_mode "755 root:root" /etc/init.d/mandos
    has_mode "644 root:root" /etc/default/mandos
    has_mode "644 root:root" /usr/lib/tmpfiles.d/mandos.conf
    has_mode "700 root:root" "$keydir"
    for f in pubkey.txt seckey.txt tls-pubkey.pem tls-privkey.pem; do
        has_mode "600 root:root" "$keydir/$f"
        [ -s "$keydir/$f" ] || fail "$keydir/$f is empty"
    done
    for page in man8/mandos.8.gz man8/mandos-ctl.8.gz man8/mandos-keygen.8.gz man8/mandos-client.8mandos.gz \
        man5/mandos.conf.5.gz man5/mandos-clients.conf.5.gz man5/plugin-runner.conf.5mandos.gz man8/intro.8mandos.gz; do
        gzip -t "/usr/share/man/$page" || fail "/usr/share/man/$page is not a gzip file"
    done
    grep -qx /etc/mandos/clients.conf /var/lib/dpkg/info/mandos.conffiles || fail "clients.conf is no conffile"
    grep -qx /etc/mandos/plugin-runner.conf /var/lib/dpkg/info/mandos-client.conffiles ||
        fail "plugin-runner.conf is no conffile"
    ok "files, links, modes, conffiles, manual pages, keys made by postinst"

    for program in /usr/sbin/mandos /usr/sbin/mandos-ctl /usr/sbin/mandos-keygen "$client"; do
        "$program" --version >/dev/null || fail "$program --version failed"
    done

    # A client section made by the installed mandos-keygen, appended to the shipped clients.conf
    printf 'a disk password from the fresh chroot' >/tmp/expected
    mandos-keygen --passfile /tmp/expected --no-ssh --name chroot-client >>/etc/mandos/clients.conf
    grep -q '^key_id = ' /etc/mandos/clients.conf || fail "mandos-keygen printed no key_id"
    serve_and_fetch /tmp/expected
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.json

    dpkg --remove mandos mandos-client >/tmp/remove.log 2>&1 || fail "dpkg --remove failed: $(cat /tmp/remove.log)"
    for gone in /usr/sbin/mandos /usr/sbin/mandos-ctl /usr/sbin/mandos-keygen "$libdir" /lib/systemd/system/mandos.service; do
        [ ! -e "$gone" ] || fail "$gone is still there after dpkg --remove"
    done
    [ "$(package_state mandos)" = rc ] || fail "mandos is '$(package_state mandos)' after remove, not rc"
    [ -s "$keydir/seckey.txt" ] || fail "dpkg --remove took the client's keys (only purge may)"
    [ -e /etc/mandos/clients.conf ] || fail "dpkg --remove took clients.conf (a conffile)"
    ok "dpkg --remove: programs gone, configuration and keys kept"

    dpkg --purge mandos mandos-client >/tmp/purge.log 2>&1 || fail "dpkg --purge failed: $(cat /tmp/purge.log)"
    package_absent mandos
    package_absent mandos-client
    for gone in /etc/mandos /etc/keys/mandos /var/lib/mandos; do
        [ ! -e "$gone" ] || fail "$gone is still there after dpkg --purge: $(ls -la "$gone")"
    done
    ok "dpkg --purge: configuration, keys and state gone"
    ;;
esac
