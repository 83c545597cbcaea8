# shellcheck shell=sh disable=SC2034 # the scenarios use these variables
# Shell functions for the packaging scenarios (prepended to each scenario script by the test):
# they run inside the Debian 12 chroot, as root, under /bin/sh -eu.
libdir=/usr/lib/x86_64-linux-gnu/mandos
client=$libdir/plugins.d/mandos-client
keydir=/etc/keys/mandos
port=7979

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# has_mode "MODE USER:GROUP" PATH
has_mode() {
    [ -e "$2" ] || [ -L "$2" ] || fail "$2 does not exist"
    actual=$(stat -c '%a %U:%G' "$2")
    [ "$actual" = "$1" ] || fail "$2 is $actual, expected $1"
}

# no_set_id_files PACKAGE...: none of the packages' files is set-user-ID or set-group-ID
no_set_id_files() {
    set_id=$(dpkg -L "$@" | while read -r f; do
        if [ -f "$f" ] && [ ! -L "$f" ]; then find "$f" -maxdepth 0 -perm /6000; fi
    done)
    [ -z "$set_id" ] || fail "set-user-ID or set-group-ID files: $set_id"
    ok "no set-user-ID or set-group-ID file in $*"
}

is_elf() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || fail "$1 is not an ELF executable"; }

# package_state NAME: dpkg's "want status" letters (ii, rc, ...) or "absent"
package_state() {
    dpkg-query -W -f '${db:Status-Abbrev}' "$1" 2>/dev/null | tr -d ' ' || :
}
package_absent() {
    state=$(package_state "$1")
    [ -z "$state" ] || [ "$state" = un ] || fail "package $1 is still known to dpkg: '$state'"
}
package_installed() {
    [ "$(package_state "$1")" = ii ] || fail "package $1 is '$(package_state "$1")', not installed (ii)"
}

# Waits until something listens on TCP port $port (/proc/net/tcp{,6}: state 0A is LISTEN).
wait_listening() {
    hex=$(printf '%04X' "$port")
    i=0
    while ! cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{print $2, $4}' | grep -q ":$hex 0A"; do
        i=$((i + 1))
        [ $i -lt 100 ] || fail "the server did not listen on port $port within 10 s"
        kill -0 "$1" 2>/dev/null || fail "the server exited: $(cat /tmp/server.log)"
        sleep 0.1
    done
}

# serve_and_fetch EXPECTED_FILE: the installed server on loopback, the installed client fetches
# the password, which must equal the file's bytes.
serve_and_fetch() {
    /usr/sbin/mandos --foreground --no-dbus --no-zeroconf --port "$port" --address 127.0.0.1 \
        --debuglevel INFO >/tmp/server.log 2>&1 &
    server=$!
    wait_listening "$server"
    if ! timeout 60 "$client" --connect "127.0.0.1:$port" --interface=none \
        --pubkey "$keydir/pubkey.txt" --seckey "$keydir/seckey.txt" \
        --tls-pubkey "$keydir/tls-pubkey.pem" --tls-privkey "$keydir/tls-privkey.pem" \
        >/tmp/password 2>/tmp/client.log; then
        kill "$server" 2>/dev/null || :
        fail "the client got no password: $(cat /tmp/client.log); server: $(cat /tmp/server.log)"
    fi
    kill -TERM "$server"
    wait "$server" || :
    cmp -s /tmp/password "$1" || fail "the client printed '$(cat /tmp/password)', expected '$(cat "$1")'"
    ok "installed server served the installed client its password"
}

# Debian's packages as the debian layer has them, their key set's checksums in /root/keys.sha256
# (to compare after the switch), and a client registered as a site would: Debian's mandos-keygen, appended to
# Debian's clients.conf, with the password in /root/expected.
register_with_debians_tools() {
    package_installed mandos
    package_installed mandos-client
    [ -s "$keydir/seckey.txt" ] || fail "Debian's mandos-client made no keys"
    (cd "$keydir" && sha256sum pubkey.txt seckey.txt tls-pubkey.pem tls-privkey.pem) >/root/keys.sha256
    printf 'a disk password set with Debian'"'"'s tools' >/root/expected
    mandos-keygen --passfile /root/expected --no-ssh --name debian-client >>/etc/mandos/clients.conf
}
