# shellcheck shell=sh disable=SC2154 # libdir, client, keydir, port: common.sh, prepended by the test
# Debian 12 booted with systemd as PID 1 (debian-chroot.sh --boot, layer server: systemd, dbus,
# avahi-daemon, fping, cryptsetup-bin), our packages installed into the running system as on a
# real server: the postinst enables and starts mandos.service; with a client registered by the installed
# mandos-keygen and a port set in mandos.conf, `systemctl start mandos` reaches the unit's
# Type=notify readiness, the server owns se.recompile.Mandos on the system bus, the installed
# mandos-ctl lists the client, the installed client gets its password, the server's log is in
# the journal (the password is not), mandos-preflight.timer is shipped disabled and its service
# (mandos-keygen --test) fails with warnings in the journal as shipped here and succeeds with a
# drop-in naming the server and a LUKS image, and `systemctl stop mandos` ends it with its state saved.
unit=mandos.service
prop() { systemctl show "$unit" --property "$1" --value; }
status() { systemctl status --no-pager --full --lines 30 "$unit" 2>&1 || :; }

case "$1" in
before)
    [ -x /lib/systemd/systemd ] || fail "the layer has no systemd"
    [ ! -e /etc/mandos ] || fail "/etc/mandos exists before the install"
    ;;
after)
    [ "$(cat /proc/1/comm)" = systemd ] || fail "PID 1 is $(cat /proc/1/comm), not systemd"
    package_installed mandos
    package_installed mandos-client
    [ "$(systemctl is-enabled "$unit")" = enabled ] || fail "postinst did not enable $unit: $(systemctl is-enabled "$unit")"
    # The shipped clients.conf has no client yet: the server starts all the same
    [ "$(prop ActiveState)" = active ] || fail "postinst did not start $unit: $(status)"
    ok "postinst enabled and started $unit"

    timeout 60 systemctl stop "$unit" || fail "systemctl stop $unit failed: $(status)"
    # The client's keys made by postinst, registered as README says; port and log level set in
    # mandos.conf, as an administrator would
    printf 'a disk password served by systemd' >/root/expected
    mandos-keygen --passfile /root/expected --no-ssh --name booted-client >/root/section ||
        fail "mandos-keygen --passfile failed"
    cat /root/section >>/etc/mandos/clients.conf
    key_id=$(sed -n 's/^key_id = //p' /root/section)
    [ -n "$key_id" ] || fail "mandos-keygen printed no key_id: $(cat /root/section)"
    sed -i -e "s/^;port =.*/port = $port/" -e 's/^;debuglevel =.*/debuglevel = INFO/' /etc/mandos/mandos.conf
    grep -qx "port = $port" /etc/mandos/mandos.conf || fail "mandos.conf has no ';port =' line to set"

    # Type=notify: systemctl start returns once the server has sent READY=1 (or failed)
    timeout 120 systemctl start "$unit" || fail "systemctl start $unit failed: $(status)"
    [ "$(prop Type)" = notify ] || fail "$unit is Type=$(prop Type), not notify"
    [ "$(prop ActiveState)/$(prop SubState)" = active/running ] ||
        fail "$unit is $(prop ActiveState)/$(prop SubState) after systemctl start: $(status)"
    main=$(prop MainPID)
    [ "$(cat "/proc/$main/comm")" = mandos ] || fail "the main process $main is $(cat "/proc/$main/comm"), not mandos"
    ok "systemctl start $unit: active (running), Type=notify readiness reached"

    owner=$(busctl --system status se.recompile.Mandos 2>&1 | sed -n 's/^PID=//p')
    [ "$owner" = "$main" ] ||
        fail "se.recompile.Mandos is owned by PID '$owner', not the server ($main): $(busctl --system list --no-pager 2>&1 | grep -i mandos)"
    ok "the server owns se.recompile.Mandos on the system bus"

    mandos-ctl >/tmp/ctl.txt 2>&1 || fail "mandos-ctl failed: $(cat /tmp/ctl.txt)"
    grep -qw booted-client /tmp/ctl.txt || fail "mandos-ctl does not list booted-client: $(cat /tmp/ctl.txt)"
    mandos-ctl --dump-json booted-client >/tmp/ctl.json 2>&1 || fail "mandos-ctl --dump-json failed: $(cat /tmp/ctl.json)"
    grep -qi "\"KeyID\": *\"$key_id\"" /tmp/ctl.json || fail "mandos-ctl shows no KeyID $key_id: $(cat /tmp/ctl.json)"
    mandos-ctl --is-enabled booted-client || fail "mandos-ctl: booted-client is not enabled"
    ok "mandos-ctl lists the client mandos-keygen registered"

    if ! timeout 60 "$client" --connect "127.0.0.1:$port" --interface=none \
        --pubkey "$keydir/pubkey.txt" --seckey "$keydir/seckey.txt" \
        --tls-pubkey "$keydir/tls-pubkey.pem" --tls-privkey "$keydir/tls-privkey.pem" \
        >/tmp/password 2>/tmp/client.log; then
        fail "the client got no password: $(cat /tmp/client.log); $(status)"
    fi
    cmp -s /tmp/password /root/expected || fail "the client printed '$(cat /tmp/password)', expected '$(cat /root/expected)'"
    ok "the installed client got its password from the service"

    journalctl --no-pager --quiet --unit "$unit" --output cat >/tmp/journal.txt
    grep -q 'Sending secret to booted-client' /tmp/journal.txt ||
        fail "the journal has no 'Sending secret to booted-client' of $unit: $(tail -n 20 /tmp/journal.txt)"
    ! grep -qF "$(cat /root/expected)" /tmp/journal.txt || fail "the password is in the journal"
    # from syslog only: the copy on standard error (the journal's stream too) is left out
    [ "$(grep -c 'Sending secret to booted-client' /tmp/journal.txt)" = 1 ] ||
        fail "the journal has the server's record more than once: $(grep 'Sending secret' /tmp/journal.txt)"
    ok "the server's log is in the journal once, the password is not"

    # Avahi on the private network's loopback accepts the service; the server logs its
    # EntryGroup's ESTABLISHED state
    announced="Zeroconf service \"Mandos\" (_mandos._tcp, port $port) established"
    i=0
    until journalctl --no-pager --quiet --unit "$unit" --output cat | grep -qF "$announced"; do
        i=$((i + 1))
        [ $i -lt 60 ] || fail "no '$announced' in the journal within 30 s: $(journalctl --no-pager --unit "$unit" --unit avahi-daemon.service | tail -n 20)"
        sleep 0.5
    done
    ok "the server announced itself through avahi-daemon"

    # mandos-keygen --test, daily when the administrator enables the timer: shipped, not enabled
    pre=mandos-preflight
    [ "$(systemctl is-enabled "$pre.timer")" = disabled ] || fail "$pre.timer is $(systemctl is-enabled "$pre.timer") after the install"
    [ "$(systemctl is-active "$pre.timer")" = inactive ] || fail "$pre.timer is $(systemctl is-active "$pre.timer") after the install"
    ok "$pre.timer is installed but not enabled"
    # As shipped, here: this container boots no initramfs of its own, so a reboot would not unlock;
    # the unit fails and says why in the journal at warning priority, its ok lines at info.
    if timeout 600 systemctl start "$pre.service"; then
        fail "$pre.service succeeded in a container without an initramfs"
    fi
    [ "$(systemctl show "$pre.service" --property Result --value)" = exit-code ] ||
        fail "$pre.service ended with Result=$(systemctl show "$pre.service" --property Result --value)"
    journalctl --no-pager --quiet --unit "$pre.service" --priority warning --output cat >/tmp/pre-warning.txt
    journalctl --no-pager --quiet --unit "$pre.service" --priority info --output cat >/tmp/pre-info.txt
    grep -q '^\[FAIL\] initramfs: /boot/initrd.img-' /tmp/pre-warning.txt ||
        fail "no initramfs failure at warning priority: $(cat /tmp/pre-info.txt)"
    grep -q '^mandos-keygen: a reboot now would NOT unlock this machine' /tmp/pre-warning.txt ||
        fail "no verdict at warning priority: $(cat /tmp/pre-info.txt)"
    grep -q '^\[ ok \] keys: /etc/keys/mandos' /tmp/pre-info.txt || fail "no ok line for the keys: $(cat /tmp/pre-info.txt)"
    ! grep -q '^\[ ok \]' /tmp/pre-warning.txt || fail "ok lines at warning priority: $(cat /tmp/pre-warning.txt)"
    ok "systemctl start $pre.service: failed, the reasons at warning priority in the journal"

    # With what an administrator adds in a drop-in: the server, no initramfs, the disk
    truncate -s 32M /srv/disk.img
    cryptsetup luksFormat --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --batch-mode \
        --key-file=/root/expected /srv/disk.img || fail "cryptsetup luksFormat /srv/disk.img failed"
    mkdir -p "/etc/systemd/system/$pre.service.d"
    printf '[Service]\nExecStart=\nExecStart=/usr/sbin/mandos-keygen --test --initramfs= --connect 127.0.0.1:%s --device /srv/disk.img\n' \
        "$port" >"/etc/systemd/system/$pre.service.d/test.conf"
    systemctl daemon-reload
    timeout 600 systemctl start "$pre.service" ||
        fail "$pre.service failed with the drop-in: $(journalctl --no-pager --unit "$pre.service" --output cat | tail -n 12)"
    journalctl --no-pager --quiet --unit "$pre.service" --output cat >/tmp/pre.txt
    grep -q '^\[ ok \] device: the passphrase opens /srv/disk.img' /tmp/pre.txt || fail "no ok line for /srv/disk.img: $(tail -n 8 /tmp/pre.txt)"
    grep -q '^mandos-keygen: a reboot now would unlock this machine' /tmp/pre.txt || fail "no good verdict: $(tail -n 8 /tmp/pre.txt)"
    ! grep -qF "$(cat /root/expected)" /tmp/pre.txt || fail "the password is in the journal"
    ok "with a drop-in, $pre.service succeeds: the server's passphrase opens /srv/disk.img"

    timeout 60 systemctl stop "$unit" || fail "systemctl stop $unit failed: $(status)"
    [ "$(prop ActiveState)" = inactive ] || fail "$unit is $(prop ActiveState) after systemctl stop: $(status)"
    [ "$(prop Result)" = success ] ||
        fail "$unit stopped with Result=$(prop Result) (status $(prop ExecMainStatus)): $(status)"
    has_mode "600 _mandos:_mandos" /var/lib/mandos/clients.json
    grep -q booted-client /var/lib/mandos/clients.json || fail "clients.json does not hold booted-client"
    ok "systemctl stop $unit: Result=success, state saved in /var/lib/mandos/clients.json"
    ;;
esac
