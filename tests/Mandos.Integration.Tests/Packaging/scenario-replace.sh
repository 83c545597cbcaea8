# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Debian 12 with Debian's mandos and mandos-client 1.8.16 installed and a client registered with
# them: our packages upgrade them, keep the client's keys and the administrator's clients.conf,
# leave nothing of Debian's programs behind, and the registered client gets its password from
# our server. Before the upgrade Debian's server ran, passed that client's checker, disabled a
# second client ("stolen", mandos-ctl --disable) and saved its state at SIGTERM: our server takes
# that state over, so the stolen client stays disabled and gets nothing.

# debian_server_disables_stolen: Debian's server on a system bus, as a real one runs; the gpg it
# finds first writes disable-check-own-socket into the GnuPG home it is given, so that Debian's
# clean-up at SIGTERM does not race gpg-agent's (a FileNotFoundError before clients.pickle is
# saved; see scenario-downgrade.sh).
debian_server_disables_stolen() {
    mkdir -p /run/dbus /root/gpg-wrapper
    dbus-daemon --system --fork --print-pid >/tmp/dbus.pid || fail "dbus-daemon --system did not start"
    printf '#!/bin/sh\necho gpg:OpenPGP:/root/gpg-wrapper/gpg\n' >/root/gpg-wrapper/gpgconf
    cat >/root/gpg-wrapper/gpg <<'GPG'
#!/bin/sh
home= previous=
for arg in "$@"; do [ "$previous" = --homedir ] && home=$arg; previous=$arg; done
if [ -n "$home" ] && [ ! -e "$home/gpg-agent.conf" ]; then echo disable-check-own-socket >"$home/gpg-agent.conf"; fi
exec /usr/bin/gpg "$@"
GPG
    chmod 0755 /root /root/gpg-wrapper /root/gpg-wrapper/gpg /root/gpg-wrapper/gpgconf
    PATH=/root/gpg-wrapper:$PATH /usr/sbin/mandos --foreground --no-zeroconf --no-ipv6 --address 127.0.0.1 \
        --port "$port" >/tmp/server.log 2>&1 &
    server=$!
    wait_listening "$server"
    i=0
    until mandos-ctl --disable stolen 2>/dev/null; do  # the bus name comes after listening
        i=$((i + 1))
        [ $i -lt 200 ] || fail "mandos-ctl --disable stolen failed: $(mandos-ctl --disable stolen 2>&1); server: $(cat /tmp/server.log)"
        sleep 0.1
    done
    ! mandos-ctl --is-enabled stolen || fail "Debian's server did not disable stolen"
    i=0
    until mandos-ctl --dump-json debian-client | grep -q '"LastCheckedOK": "2'; do
        i=$((i + 1))
        [ $i -lt 300 ] || fail "debian-client's checker never passed: $(mandos-ctl --dump-json debian-client)"
        sleep 0.1
    done
    kill -TERM "$server"
    wait "$server" || :
    kill -TERM "$(cat /tmp/dbus.pid)"
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.pickle
}

case "$1" in
before)
    register_with_debians_tools
    install -d -m 0700 /root/stolen-keys
    mandos-keygen --dir /root/stolen-keys >/dev/null || fail "Debian's mandos-keygen made no second key set"
    printf 'the password of a stolen machine' >/root/stolen-password
    mandos-keygen --dir /root/stolen-keys --passfile /root/stolen-password --no-ssh --name stolen \
        >>/etc/mandos/clients.conf || fail "Debian's mandos-keygen --passfile failed"
    # Checkers that pass (fping has nothing to ping here), once a second: after the upgrade the
    # restore rules keep debian-client enabled because its last checker passed.
    sed -i 's/^\[DEFAULT\]$/[DEFAULT]\nchecker = true\ninterval = PT1S/' /etc/mandos/clients.conf
    grep -q '^checker = true$' /etc/mandos/clients.conf || fail "no [DEFAULT] section in Debian's clients.conf"
    cp /etc/mandos/clients.conf /root/clients.conf.before
    debian_server_disables_stolen
    ok "Debian's packages installed, two clients registered with Debian's mandos-keygen; Debian's server disabled one and saved its state"
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
    [ -e /var/lib/mandos/clients.pickle ] && fail "Debian's clients.pickle was not taken over: $(cat /tmp/server.log)"
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.pickle.migrated
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.json
    grep -q "Taking over the state upstream's mandos saved in /var/lib/mandos/clients.pickle" /tmp/server.log ||
        fail "our server did not say it took over Debian's state: $(cat /tmp/server.log)"
    ok "our server took over Debian's clients.pickle and kept it as clients.pickle.migrated"

    # The stolen client, disabled by Debian's server, gets nothing from ours
    /usr/sbin/mandos --foreground --no-dbus --no-zeroconf --port "$port" --address 127.0.0.1 \
        --debuglevel INFO >/tmp/server.log 2>&1 &
    server=$!
    wait_listening "$server"
    status=0
    timeout 8 "$client" --connect "127.0.0.1:$port" --interface=none \
        --pubkey /root/stolen-keys/pubkey.txt --seckey /root/stolen-keys/seckey.txt \
        --tls-pubkey /root/stolen-keys/tls-pubkey.pem --tls-privkey /root/stolen-keys/tls-privkey.pem \
        >/tmp/password 2>/tmp/client.log || status=$?
    kill -TERM "$server"
    wait "$server" || :
    if [ "$status" -eq 0 ] || [ -s /tmp/password ]; then
        fail "the stolen client got '$(cat /tmp/password)' from our server"
    fi
    grep -q "Client stolen is disabled" /tmp/server.log || fail "our server did not refuse the stolen client as disabled: $(cat /tmp/server.log)"
    ok "the client Debian's server disabled stays disabled under ours"
    ;;
esac
