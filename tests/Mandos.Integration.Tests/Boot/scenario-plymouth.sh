# shellcheck shell=sh
# Our plymouth plugin against Debian 12's real plymouthd, inside the throw-away chroot of
# Packaging/debian-chroot.sh (layer "plymouth"; its own PID and network namespaces, so the
# daemon, its abstract socket and /run/plymouth are the chroot's alone). Run as
# `scenario-plymouth.sh after`, under /bin/sh -eu; /out holds our multi-call executable
# (mandos-client). Prints "ok: ..." for each step passed, "FAIL: ..." and exits 1 otherwise.
#
# Headless plymouthd: no DRM, no frame buffer, no udev here, so plymouthd is told to leave udev
# and serial consoles alone (plymouth.ignore-udev, plymouth.ignore-serial-consoles in a fake
# kernel command line) and to use a pseudo-terminal (--tty) as its console: the text splash
# draws its prompt there and reads the keyboard from it. script(1) holds the pseudo-terminal's
# master side: what the scenario writes into the FIFO keys becomes typing, and what plymouthd
# draws ends up in /tmp/console.
[ "${1:-}" = after ] || exit 0

fail() {
    echo "FAIL: $*" >&2
    if [ -s /tmp/plugin.err ]; then echo "the plugin's stderr:" >&2; cat /tmp/plugin.err >&2; fi
    exit 1
}
ok() { echo "ok: $*"; }

# wait_until DESCRIPTION COMMAND...: polls COMMAND for up to 20 s
wait_until() {
    what=$1
    shift
    i=0
    until "$@"; do
        i=$((i + 1))
        [ $i -lt 200 ] || fail "waited 20 s for $what"
        sleep 0.1
    done
}

prompts_shown() { grep -ao 'Enter passphrase' /tmp/console 2>/dev/null | wc -l; }
more_prompts_than() { [ "$(prompts_shown)" -gt "$1" ]; }
# gone: no such process, or a zombie nobody has reaped yet (dash reaps only in wait)
process_gone() { [ ! -e "/proc/$1" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" = Z ]; }
process_running() { [ -n "$1" ] && ! process_gone "$1"; }
# pids of processes whose command line is "plymouth ask-for-password ..."
questions() {
    for f in /proc/[0-9]*/cmdline; do
        if tr '\0' ' ' <"$f" 2>/dev/null | grep -q '^/bin/plymouth ask-for-password '; then
            p=${f#/proc/}
            echo "${p%/cmdline}"
        fi
    done
}
question_pending() { [ -n "$(questions)" ]; }
no_question_pending() { [ -z "$(questions)" ]; }
daemon_pid() { cat /run/plymouth/pid 2>/dev/null || :; }
daemon_args() { tail -c +"$(($(head -zn1 /proc/"$1"/cmdline | wc -c) + 1))" /proc/"$1"/cmdline | tr '\0' ' '; }
new_daemon_running() { p=$(daemon_pid); [ -n "$p" ] && [ "$p" != "$1" ] && process_running "$p" && /bin/plymouth --ping; }

# --- our plugin, installed as plugin-runner finds it ------------------------------------------
install -d -m 0755 /lib/mandos/plugins.d
install -m 0755 /out/mandos-client /lib/mandos/plugins.d/mandos-client
ln -s mandos-client /lib/mandos/plugins.d/plymouth
# as plugin-runner starts it: real ids the unprivileged user's, effective root (as a set-user-ID
# root program would run), CRYPTTAB_* from cryptsetup, stdout apart
start_plugin() {
    CRYPTTAB_SOURCE=/dev/vda2 CRYPTTAB_NAME=root \
        setpriv --ruid=65534 --rgid=65534 --clear-groups /lib/mandos/plugins.d/plymouth \
        >/tmp/password 2>>/tmp/plugin.err &
    plugin=$!
}

# --- the console: a pseudo-terminal whose master script(1) holds ----------------------------
mkfifo /tmp/keys
exec 3<>/tmp/keys
script -q -f -c 'tty >/tmp/tty; exec sleep 600' /tmp/console <&3 >/dev/null 2>&1 &
wait_until "the pseudo-terminal" test -s /tmp/tty
tty=$(cat /tmp/tty)
type_keys() { printf '%s\r' "$1" >&3; }

# --- plymouthd as Debian's initramfs starts it (init-premount/plymouth), on that terminal ----
mkdir -m 0755 /run/plymouth
/usr/sbin/plymouthd --mode=boot --attach-to-session --pid-file=/run/plymouth/pid --tty="$tty" \
    --kernel-command-line="splash plymouth.ignore-udev plymouth.ignore-serial-consoles" ||
    fail "plymouthd did not start: $?"
/usr/bin/plymouth --show-splash || fail "plymouth --show-splash failed"
/bin/plymouth --ping || fail "plymouthd does not answer --ping"
first=$(daemon_pid)
process_running "$first" || fail "no plymouthd pid in /run/plymouth/pid"
args=$(daemon_args "$first")
ok "plymouthd $args runs headless (pid $first)"

# --- 1. the password typed into plymouthd is what our plugin prints ---------------------------
shown=$(prompts_shown)
start_plugin
wait_until "plymouthd to show the question" more_prompts_than "$shown"
type_keys 'correct horse battery'
wait_until "the plugin to exit" process_gone "$plugin"
status=0
wait "$plugin" || status=$?
[ $status -eq 0 ] || fail "the plugin exited with $status: $(cat /tmp/plugin.err)"
printf '%s' 'correct horse battery' | cmp -s - /tmp/password ||
    fail "the plugin printed '$(od -c /tmp/password | head -3)' instead of exactly the password typed"
grep -aq 'Unlocking the disk /dev/vda2 (root)' /tmp/console ||
    fail "plymouthd did not show the disk in the prompt: $(tr -cd '[:print:]\n' </tmp/console | tail -5)"
wait_until "the question to be gone" no_question_pending
ok "the plugin printed exactly the password typed into plymouthd's terminal, nothing more"

# --- 2. SIGTERM (another plugin won): the question goes, plymouthd is restarted ---------------
shown=$(prompts_shown)
start_plugin
wait_until "plymouthd to show the question" more_prompts_than "$shown"
question=$(questions)
kill -TERM "$plugin"
wait_until "the plugin to exit after SIGTERM" process_gone "$plugin"
status=0
wait "$plugin" || status=$?
[ $status -eq 1 ] || fail "the plugin exited with $status after SIGTERM, not 1 (failure): $(cat /tmp/plugin.err)"
[ ! -s /tmp/password ] || fail "the plugin printed something after SIGTERM"
wait_until "plymouth ask-for-password ($question) to end" process_gone "$question"
wait_until "the old plymouthd ($first) to end" process_gone "$first"
wait_until "a new plymouthd" new_daemon_running "$first"
second=$(daemon_pid)
[ "$(daemon_args "$second")" = "$args" ] ||
    fail "plymouthd was restarted with '$(daemon_args "$second")', not '$args'"
ok "SIGTERM: the question was withdrawn, plymouthd quit and was started again with the same arguments (pid $second)"

# --- 3. the restarted plymouthd asks and answers as before ------------------------------------
shown=$(prompts_shown)
start_plugin
wait_until "the restarted plymouthd to show the question" more_prompts_than "$shown"
type_keys 'second try'
wait_until "the plugin to exit" process_gone "$plugin"
status=0
wait "$plugin" || status=$?
[ $status -eq 0 ] || fail "the plugin exited with $status: $(cat /tmp/plugin.err)"
printf '%s' 'second try' | cmp -s - /tmp/password || fail "the plugin printed '$(cat /tmp/password)', not 'second try'"
ok "the restarted plymouthd asked on the same terminal, and the plugin printed the answer"

/bin/plymouth quit || :
