# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Fresh Debian 12 without systemd: our server package registers /etc/init.d/mandos in the
# runlevels, and the script starts the installed server (options and CONFIGDIR from
# /etc/default/mandos), reports its status, restarts it and stops it, by the PID file.
script=/etc/init.d/mandos
pidfile=/run/mandos.pid

# The PID in the PID file, if that process is our server
server_pid() {
    pid=$(cat "$pidfile" 2>/dev/null) || return 1
    [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/mandos ] || return 1
    echo "$pid"
}

# How many processes run /usr/sbin/mandos
servers() {
    for exe in /proc/[0-9]*/exe; do readlink "$exe" 2>/dev/null; done | grep -cx /usr/sbin/mandos || :
}

# status_is EXPECTED: the script's status action exits with EXPECTED (0 running, 3 not running)
status_is() {
    set +e
    "$script" status >/tmp/status.out 2>&1
    status=$?
    set -e
    [ "$status" = "$1" ] || fail "$script status exited $status, expected $1: $(cat /tmp/status.out)"
}

fetch() {
    timeout 60 "$client" --connect "127.0.0.1:$port" --interface=none \
        --pubkey "$keydir/pubkey.txt" --seckey "$keydir/seckey.txt" \
        --tls-pubkey "$keydir/tls-pubkey.pem" --tls-privkey "$keydir/tls-privkey.pem" \
        >/tmp/password 2>/tmp/client.log || fail "the client got no password: $(cat /tmp/client.log)"
    cmp -s /tmp/password /tmp/expected || fail "the client printed '$(cat /tmp/password)'"
}

case "$1" in
after)
    package_installed mandos
    has_mode "755 root:root" "$script"
    grep -qx "$script" /var/lib/dpkg/info/mandos.conffiles || fail "$script is no conffile"
    ls /etc/rc2.d/S[0-9][0-9]mandos >/dev/null 2>&1 || fail "postinst did not link $script into runlevel 2"
    ls /etc/rc0.d/K[0-9][0-9]mandos >/dev/null 2>&1 || fail "postinst did not link $script into runlevel 0"
    [ ! -e "$pidfile" ] || fail "the server runs already (policy-rc.d forbids starting it in a chroot)"
    status_is 3
    ok "postinst registered $script in the runlevels; not running yet"

    # The client is registered in a configuration directory of its own: only CONFIGDIR from
    # /etc/default/mandos leads the server there
    cp -a /etc/mandos /etc/mandos-sysv
    printf 'a disk password served by the SysV-started server' >/tmp/expected
    mandos-keygen --passfile /tmp/expected --no-ssh --name sysv-client >>/etc/mandos-sysv/clients.conf
    cat >>/etc/default/mandos <<END
CONFIGDIR=/etc/mandos-sysv
DAEMON_ARGS="--no-dbus --no-zeroconf --port=$port --address=127.0.0.1"
END
    "$script" start >/tmp/start.out 2>&1 || fail "$script start failed: $(cat /tmp/start.out)"
    first=$(server_pid) || fail "no server process in $pidfile after start: $(cat /tmp/start.out)"
    wait_listening "$first"
    status_is 0
    fetch
    "$script" start >/tmp/start.out 2>&1 || fail "a second $script start failed: $(cat /tmp/start.out)"
    [ "$(server_pid)" = "$first" ] || fail "a second start replaced the running server"
    [ "$(servers)" = 1 ] || fail "$(servers) servers run after a second start"
    ok "$script start: the server runs with /etc/default/mandos's options and CONFIGDIR, and served the client"

    for action in restart force-reload; do
        "$script" $action >/tmp/$action.out 2>&1 || fail "$script $action failed: $(cat /tmp/$action.out)"
        next=$(server_pid) || fail "no server process in $pidfile after $action"
        [ "$next" != "$first" ] || fail "$script $action did not replace the server (still PID $first)"
        kill -0 "$first" 2>/dev/null && fail "the old server (PID $first) still runs after $action"
        wait_listening "$next"
        status_is 0
        fetch
        first=$next
    done
    ok "$script restart and force-reload: a new server, serving"

    "$script" stop >/tmp/stop.out 2>&1 || fail "$script stop failed: $(cat /tmp/stop.out)"
    ! kill -0 "$first" 2>/dev/null || fail "the server (PID $first) still runs after stop"
    [ ! -e "$pidfile" ] || fail "$pidfile is left after stop"
    status_is 3
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.json
    "$script" stop >/tmp/stop.out 2>&1 || fail "$script stop of a stopped server failed: $(cat /tmp/stop.out)"
    ok "$script stop: the server saved its state and exited; status says not running"

    dpkg --purge mandos >/tmp/purge.log 2>&1 || fail "dpkg --purge mandos failed: $(cat /tmp/purge.log)"
    ! ls /etc/rc*.d/*mandos >/dev/null 2>&1 || fail "runlevel links left after purge: $(ls /etc/rc*.d/*mandos)"
    [ ! -e "$script" ] || fail "$script is left after purge"
    ok "dpkg --purge: the init script and its runlevel links gone"
    ;;
esac
