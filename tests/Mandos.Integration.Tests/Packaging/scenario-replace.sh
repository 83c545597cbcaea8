# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Debian 12 with Debian's mandos and mandos-client 1.8.16 installed and a client registered with
# them: our packages upgrade them, keep the client's keys and the administrator's clients.conf,
# leave nothing of Debian's programs behind, and the registered client gets its password from
# our server.
case "$1" in
before)
    register_with_debians_tools
    cp /etc/mandos/clients.conf /root/clients.conf.before
    ok "Debian's packages installed, a client registered with Debian's mandos-keygen"
    ;;
after)
    for package in mandos mandos-client; do
        package_installed $package
        version=$(dpkg-query -W -f '${Version}' $package)
        case "$version" in *+cs*) ;; *) fail "$package is at $version, not ours" ;; esac
    done
    for program in /usr/sbin/mandos /usr/sbin/mandos-ctl /usr/sbin/mandos-keygen "$client"; do
        is_elf "$program"
    done
    has_mode "755 root:root" "$client"
    no_set_id_files mandos mandos-client
    # Debian's files that ours do not replace are gone with Debian's package versions
    for gone in /usr/share/doc/mandos/changelog.Debian.gz /usr/share/doc/mandos-client/changelog.Debian.gz \
        /usr/share/doc/mandos-client/examples/network-hooks.d/wireless.gz; do
        [ ! -e "$gone" ] || fail "$gone (Debian's) is still there"
    done
    ok "Debian's mandos and mandos-client upgraded to ours"
    (cd "$keydir" && sha256sum -c --quiet /root/keys.sha256) || fail "the client's keys changed"
    cmp -s /etc/mandos/clients.conf /root/clients.conf.before || fail "the administrator's clients.conf changed"
    has_mode "700 _mandos:_mandos" /var/lib/mandos
    ok "keys and clients.conf kept"
    serve_and_fetch /root/expected
    ;;
esac
