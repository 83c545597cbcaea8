# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Debian 12 with Debian's mandos and mandos-client 1.8.16 and a client registered with them:
# our packages upgrade them and serve that client (and save their state in clients.json), a
# second client is registered with our mandos-keygen; then apt downgrades back to Debian's
# versions, as README says. Debian's programs are back with none of ours left, the client's
# keys and the administrator's clients.conf are unchanged, and Debian's server, not put off by
# our clients.json, serves both clients their passwords with Debian's client and saves its own
# state (clients.pickle) at exit.
#
# The way back needs Debian's .debs: the layer's apt cache keeps them (`before`, which has the
# network, downloads them if it does not), so the downgrade in `after` needs no network.
archives=/var/cache/apt/archives

# has_deb PACKAGE VERSION: its .deb is in apt's cache
has_deb() { ls "$archives/$1_$(echo "$2" | sed 's/:/%3a/')_"*.deb >/dev/null 2>&1; }

# debian_client KEYDIR EXPECTED_FILE: Debian's mandos-client gets the password from Debian's server
debian_client() {
    mkdir -p /tmp/no-hooks
    if ! timeout 60 "$client" --connect "127.0.0.1:$port" --interface=none \
        --network-hook-dir=/tmp/no-hooks \
        --pubkey "$1/pubkey.txt" --seckey "$1/seckey.txt" \
        --tls-pubkey "$1/tls-pubkey.pem" --tls-privkey "$1/tls-privkey.pem" \
        >/tmp/password 2>/tmp/client.log; then
        fail "Debian's client ($1) got no password: $(cat /tmp/client.log); server: $(cat /tmp/server.log)"
    fi
    cmp -s /tmp/password "$2" || fail "Debian's client ($1) printed '$(cat /tmp/password)', expected '$(cat "$2")'"
}

case "$1" in
before)
    register_with_debians_tools
    server_version=$(dpkg-query -W -f '${Version}' mandos)
    client_version=$(dpkg-query -W -f '${Version}' mandos-client)
    echo "mandos=$server_version mandos-client=$client_version" >/root/debian-versions
    if ! has_deb mandos "$server_version" || ! has_deb mandos-client "$client_version"; then
        (cd "$archives" && apt-get download -q "mandos=$server_version" "mandos-client=$client_version") ||
            fail "cannot download Debian's mandos $server_version and mandos-client $client_version"
    fi
    has_deb mandos "$server_version" || fail "no .deb of mandos $server_version in $archives"
    has_deb mandos-client "$client_version" || fail "no .deb of mandos-client $client_version in $archives"
    ok "Debian's packages installed, a client registered, their .debs kept for the way back"
    ;;
after)
    for package in mandos mandos-client; do
        version=$(dpkg-query -W -f '${Version}' $package)
        case "$version" in *+cs*) ;; *) fail "$package is at $version, not ours" ;; esac
    done
    serve_and_fetch /root/expected
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.json
    install -d -m 0700 /root/ours-keys
    mandos-keygen --dir /root/ours-keys >/dev/null || fail "our mandos-keygen made no key set"
    printf 'a disk password set with our tools' >/root/expected-ours
    mandos-keygen --dir /root/ours-keys --passfile /root/expected-ours --no-ssh --name ours-client \
        >>/etc/mandos/clients.conf || fail "our mandos-keygen --passfile failed"
    cp /etc/mandos/clients.conf /root/clients.conf.before
    sort -u /var/lib/dpkg/info/mandos.list /var/lib/dpkg/info/mandos-client.list >/root/ours.list
    ok "ours served the client; a second client registered with our mandos-keygen"

    # The way back, as README says (no network here: apt takes the .debs from its cache)
    # shellcheck disable=SC2046
    apt-get install -y -q --no-install-recommends --allow-downgrades \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        $(cat /root/debian-versions) </dev/null >/tmp/downgrade.log 2>&1 ||
        fail "apt-get install --allow-downgrades $(cat /root/debian-versions) failed: $(tail -n 30 /tmp/downgrade.log)"
    # shellcheck disable=SC2013
    for want in $(cat /root/debian-versions); do
        package=${want%%=*}
        package_installed "$package"
        [ "$(dpkg-query -W -f '${Version}' "$package")" = "${want#*=}" ] ||
            fail "$package is at $(dpkg-query -W -f '${Version}' "$package"), not ${want#*=}"
    done
    head -n 1 /usr/sbin/mandos | grep -q '^#!.*python' || fail "/usr/sbin/mandos is not Debian's Python script: $(head -c 100 /usr/sbin/mandos | od -c | head -n 2)"
    # Every file of Debian's packages as Debian shipped it ('c': a conffile the administrator changed)
    dpkg --verify mandos mandos-client >/tmp/verify.txt 2>&1 || :
    ! grep -v ' c /' /tmp/verify.txt | grep -q . || fail "dpkg --verify: $(cat /tmp/verify.txt)"
    sort -u /var/lib/dpkg/info/mandos.list /var/lib/dpkg/info/mandos-client.list >/root/debian.list
    for path in $(comm -23 /root/ours.list /root/debian.list); do
        if [ -L "$path" ] || { [ -e "$path" ] && [ ! -d "$path" ]; }; then
            fail "$path (ours) is still there after the downgrade"
        fi
    done
    ok "back to Debian's mandos and mandos-client: Debian's programs, none of ours left"

    (cd "$keydir" && sha256sum -c --quiet /root/keys.sha256) || fail "the client's keys changed"
    cmp -s /etc/mandos/clients.conf /root/clients.conf.before || fail "the administrator's clients.conf changed"
    ok "keys and clients.conf kept"

    # Debian's server connects to the system bus even with --no-dbus: a system bus, as a real
    # server has. It restores its state from clients.pickle; ours left clients.json there.
    mkdir -p /run/dbus
    dbus-daemon --system --fork --print-pid >/tmp/dbus.pid || fail "dbus-daemon --system did not start"
    [ -e /var/lib/mandos/clients.json ] || fail "our clients.json is gone before Debian's server starts"
    # Debian 1.8.16's clean-up at SIGTERM removes its GnuPG home file by file while gpg-agent,
    # seeing its socket go, removes its other sockets: a FileNotFoundError that stops the server
    # before it saves clients.pickle. The agents it starts here skip that check of their socket.
    if [ ! -e /usr/bin/gpg-agent.debian ]; then
        mv /usr/bin/gpg-agent /usr/bin/gpg-agent.debian
        printf '#!/bin/sh\nexec /usr/bin/gpg-agent.debian --disable-check-own-socket "$@"\n' >/usr/bin/gpg-agent
        chmod 0755 /usr/bin/gpg-agent
    fi
    # Should the race still hit (a FileNotFoundError in PGPEngine._cleanup), the server
    # is started and stopped again, up to three times: that is Debian's bug, not ours; any other
    # failure fails at once.
    for try in 1 2 3; do
        port=$((port + 1))      # not a port the connections before used a moment ago
        /usr/sbin/mandos --foreground --no-dbus --no-zeroconf --no-ipv6 --address 127.0.0.1 \
            --port "$port" >/tmp/server.log 2>&1 &
        server=$!
        wait_listening "$server"
        if [ "$try" = 1 ]; then
            debian_client "$keydir" /root/expected
            debian_client /root/ours-keys /root/expected-ours
        fi
        kill -TERM "$server"
        status=0
        wait "$server" || status=$?
        [ -e /var/lib/mandos/clients.pickle ] && break
        if [ "$status" -eq 0 ] || ! { grep -q "in _cleanup" /tmp/server.log && grep -q "^FileNotFoundError: .*S\.gpg-agent" /tmp/server.log; }; then
            fail "Debian's server exited with status $status at SIGTERM without saving its state: $(tail -n 30 /tmp/server.log)"
        fi
        echo "Debian's server hit its own GnuPG clean-up race at SIGTERM (try $try)" >&2
    done
    kill -TERM "$(cat /tmp/dbus.pid)"
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.pickle
    ok "Debian's server served Debian's client both passwords, past our clients.json, and saved its state"
    ;;
esac
