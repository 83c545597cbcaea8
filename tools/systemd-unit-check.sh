#!/usr/bin/env bash
# Checks the server's systemd unit under a real systemd, booted as PID 1 of private pid, mount,
# uts, ipc, network and cgroup namespaces (so it works where PID 1 is not systemd, and touches
# nothing of the host's services), in cgroups made below this script's own.
#
#   tools/systemd-unit-check.sh UNIT_FILE SERVER_BINARY KEYGEN_BINARY CLIENT_BINARY
#
# The unit runs as shipped except: no avahi, test paths (under /var/lib: the unit's PrivateTmp,
# ProtectHome and ProtectSystem hide or freeze /tmp, /root, /home, /usr and /etc), output to a
# file (no journald). It asserts: the unit is Type=notify and becomes active/running (so READY=1
# arrived); the server runs as _mandos with no capabilities, seccomp filters and the unit's
# NoNewPrivileges; the client gets the password; the checker runs as _mandos; a kill -9 of the
# main process is followed by a restart that serves again; `systemctl stop` ends in
# Result=success. Every wait is bounded; the network is the namespace's own loopback.
# Exit status 0 when all hold; otherwise the logs and, last, one line "FAIL: what". Everything it
# made (the systemd instance and its namespaces, cgroups, files) is removed in every case, but
# for SIGKILL: then the systemd instance still goes, an empty cgroup and the work dir stay.
# Needs root, systemd (Debian's package), util-linux, iproute2 and the _mandos user.
set -eEuo pipefail

me=systemd-unit-check
PORT=9000 # the namespace's own loopback: no other program can hold it
START_LIMIT=60
WAIT_LIMIT=30
SYSTEMD=/lib/systemd/systemd

T='' LAUNCH='' SD='' CG_DIRS=()
step() { echo "$me: [${SECONDS}s] $*"; }
fail() {
  trap - ERR
  if [ -n "$SD" ] && kill -0 "$SD" 2>/dev/null; then
    echo "---- systemctl status mandos.service ----"
    timeout 10 nsenter -t "$SD" -m -p -u -i -n -C -- systemctl status --no-pager --full mandos.service 2>&1 | sed 's/^/  | /' || true
  fi
  if [ -n "$T" ] && [ -s "$T/out.log" ]; then
    echo "---- server log (the unit's stdout and stderr) ----"
    tail -n 200 "$T/out.log" | sed 's/^/  | /'
  fi
  if [ -n "$T" ] && [ -s "$T/launch.log" ]; then
    echo "---- namespace launcher ----"
    tail -n 50 "$T/launch.log" | sed 's/^/  | /'
  fi
  echo "$me: FAIL: $*"
  exit 1
}
trap 'fail "unexpected error at line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

# Polls COMMAND every 0.2 s for up to SECONDS; status 1 when it never succeeds.
wait_for() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

[ $# -eq 4 ] || { echo "usage: $0 UNIT_FILE SERVER_BINARY KEYGEN_BINARY CLIENT_BINARY" >&2; exit 2; }
UNIT=$(realpath -e "$1" 2>/dev/null) || fail "no unit file $1"
SERVER=$(realpath -e "$2" 2>/dev/null) || fail "no server binary $2"
KEYGEN=$(realpath -e "$3" 2>/dev/null) || fail "no keygen binary $3"
CLIENT=$(realpath -e "$4" 2>/dev/null) || fail "no client binary $4"
for b in "$SERVER" "$KEYGEN" "$CLIENT"; do [ -x "$b" ] || fail "$b is not executable"; done
[ "$(id -u)" -eq 0 ] || fail "must run as root (it boots systemd in namespaces)"
[ -x "$SYSTEMD" ] || fail "$SYSTEMD is missing: install Debian's systemd package (bash tools/install-deps.sh test)"
for c in unshare nsenter setsid setpriv ip timeout pgrep; do
  command -v "$c" >/dev/null || fail "$c is missing (util-linux, iproute2, procps)"
done
MANDOS_UID=$(id -u _mandos 2>/dev/null) || fail "no _mandos user: install Debian's mandos package (bash tools/install-deps.sh test)"
grep -q '^Type=notify$' "$UNIT" || fail "$UNIT has no Type=notify line"
grep -q '^ExecStart=/usr/sbin/mandos ' "$UNIT" || fail "$UNIT has no 'ExecStart=/usr/sbin/mandos ' line to point at the test server"
grep -q '^EnvironmentFile=' "$UNIT" || fail "$UNIT has no EnvironmentFile= line to point at the test arguments"
# What the unit promises for NoNewPrivs: unset (checkers keep their file capabilities) unless it sets it.
if grep -qiE '^NoNewPrivileges=(yes|true|on|1)$' "$UNIT"; then EXPECT_NNP=1; else EXPECT_NNP=0; fi

cleanup() {
  local rc=$? leftover=
  set +e
  trap - ERR
  if [ -n "$LAUNCH" ]; then
    # SIGKILL to the namespace's PID 1 (systemd, or the shell before it) ends every process in
    # it; unshare, its parent, then reaps it and exits.
    local init
    init=${SD:-$(pgrep -P "$LAUNCH")}
    # shellcheck disable=SC2086 # pgrep may name several PIDs, one word each
    [ -n "$init" ] && kill -KILL $init 2>/dev/null
    local deadline=$((SECONDS + 15))
    while kill -0 "$LAUNCH" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.1; done
    if kill -0 "$LAUNCH" 2>/dev/null; then
      kill -KILL "$LAUNCH" 2>/dev/null
      sleep 1
      kill -0 "$LAUNCH" 2>/dev/null && leftover+=" launcher-process-$LAUNCH"
    fi
  fi
  # Emptied cgroups are freed a moment after their last process; retry for a while.
  local dir
  for dir in "${CG_DIRS[@]}"; do
    local deadline=$((SECONDS + 15))
    while [ -d "$dir" ]; do
      find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null
      [ -d "$dir" ] || break
      [ "$SECONDS" -lt "$deadline" ] || { leftover+=" $dir"; break; }
      sleep 0.2
    done
  done
  if [ -n "$T" ]; then
    rm -rf "$T"
    rmdir "${T%/*}" 2>/dev/null
    [ -e "$T" ] && leftover+=" $T"
  fi
  if [ -n "$leftover" ]; then
    echo "$me: FAIL: cleanup left:$leftover"
    [ "$rc" -eq 0 ] && rc=1
  fi
  exit "$rc"
}
trap cleanup EXIT

# ---- work directory: /var/lib/mandos-sdtest/run.XXXXXX, traversable by _mandos ----
# (Retried: a concurrent run removes the parent when it finishes.)
for _ in 1 2 3; do
  mkdir -p /var/lib/mandos-sdtest
  T=$(mktemp -d /var/lib/mandos-sdtest/run.XXXXXX 2>/dev/null) && break
done
[ -n "$T" ] || fail "cannot make a work directory under /var/lib/mandos-sdtest"
chmod 0755 "$T"
ID=mandos-sdtest-${T##*.}
mkdir -p "$T"/{bin,units,keys,conf,none}
install -d -m 0700 -o _mandos -g _mandos "$T/state"
cp "$SERVER" "$T/bin/mandos"
PASSWORD="sdtest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$PASSWORD" > "$T/password"
# 2048-bit OpenPGP keys: this checks the unit, not key sizes, and 4096 takes seconds more.
timeout 60 "$KEYGEN" --dir "$T/keys" --name sd-client --length 2048 --sublength 2048 --force >/dev/null || fail "mandos-keygen could not make keys"
{
  # Appends: the checker runs every second, and a truncating write could be read half done.
  printf '[DEFAULT]\nchecker = id -u >> %s/state/checker-uid\ninterval = PT1S\n\n' "$T"
  timeout 30 "$KEYGEN" --dir "$T/keys" --name sd-client --no-ssh --passfile "$T/password"
} > "$T/conf/clients.conf" || fail "mandos-keygen could not make the clients.conf section"
chmod 0600 "$T/conf/clients.conf"
printf '[DEFAULT]\n' > "$T/conf/mandos.conf"
echo "DAEMON_ARGS=\"--debuglevel=DEBUG --no-dbus --no-zeroconf --no-restore --address=127.0.0.1 --port=$PORT --configdir=$T/conf --statedir=$T/state\"" > "$T/default"

# ---- the unit as shipped, with the exceptions above; stub targets around it ----
sed -e '/avahi-daemon\.service/d' \
    -e "s|^EnvironmentFile=.*|EnvironmentFile=$T/default|" \
    -e "s|^ExecStart=/usr/sbin/mandos |ExecStart=$T/bin/mandos |" \
    -e "s|^\[Install\]|StandardOutput=append:$T/out.log\nStandardError=append:$T/out.log\n\n[Install]|" \
    "$UNIT" > "$T/units/mandos.service"
grep -q "^StandardOutput=append:$T/out.log" "$T/units/mandos.service" || fail "$UNIT has no [Install] section (output redirection goes before it)"
for t in sysinit basic shutdown network multi-user; do printf '[Unit]\nDescription=%s (stub)\n' "$t" > "$T/units/$t.target"; done
printf '[Unit]\nDescription=System slice (stub)\n' > "$T/units/system.slice"
printf '[Unit]\nDescription=Mandos unit check\nWants=mandos.service\n' > "$T/units/mandos-test.target"

# ---- cgroups: one child of this script's cgroup in every hierarchy; the same mounts inside ----
# mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - FSTYPE SOURCE SUPEROPTIONS
: > "$T/cgroup-mounts"
cgroup_fs=$(stat -f -c %T /sys/fs/cgroup)
while read -r root mnt fstype superopts; do
  case "$fstype" in
    cgroup2) ours=$(sed -n 's/^0:://p' /proc/self/cgroup); opts=defaults ;;
    cgroup)
      opts=$(tr , '\n' <<<"$superopts" | grep -vxE 'rw|ro|clone_children|noprefix|xattr|nsdelegate|release_agent=.*|cpuset_v2_mode|favordynmods' | paste -sd, -)
      # A named hierarchy without controllers (name=systemd) is mounted with "none".
      grep -qv '^name=' <<<"${opts//,/$'\n'}" || opts="none,$opts"
      ours=$(awk -F: -v want="$opts" 'function set(s,  a, n, i, out) {
          n = split(s, a, ","); out = ""
          for (i = 1; i <= n; i++) if (a[i] != "none") out = out "," a[i]
          return out }
        $2 != "" {
          # the same controllers, in any order
          w = set(want); h = set($2); nw = split(w, x, ","); nh = split(h, y, ","); same = (nw == nh)
          for (i = 2; i <= nh; i++) if (index(w ",", "," y[i] ",") == 0) same = 0
          if (same) { sub(/^[^:]*:[^:]*:/, ""); print; exit } }' /proc/self/cgroup) ;;
    *) continue ;;
  esac
  [ -n "$ours" ] || fail "cannot find this process's cgroup in the hierarchy mounted on $mnt"
  [ "$root" = / ] || ours=${ours#"$root"}
  dir="${mnt%/}${ours%/}/$ID"
  mkdir "$dir" || fail "cannot make cgroup $dir"
  CG_DIRS+=("$dir")
  if [ -e "$dir/cpuset.cpus" ]; then
    cat "${dir%/*}/cpuset.cpus" > "$dir/cpuset.cpus"
    cat "${dir%/*}/cpuset.mems" > "$dir/cpuset.mems"
  fi
  echo "$dir" >> "$T/cgroup-dirs"
  echo "$fstype $opts $mnt" >> "$T/cgroup-mounts"
done < <(awk '{ for (i = 7; $i != "-"; i++); if ($(i+1) ~ /^cgroup2?$/ && $5 ~ /^\/sys\/fs\/cgroup(\/[^\/]+)?$/) print $4, $5, $(i+1), $(i+3) }' /proc/self/mountinfo)
[ ${#CG_DIRS[@]} -gt 0 ] || fail "no cgroup hierarchy is mounted under /sys/fs/cgroup"
case "$cgroup_fs" in
  tmpfs) grep -q '^cgroup none,name=systemd ' "$T/cgroup-mounts" || grep -q '^cgroup2 ' "$T/cgroup-mounts" \
           || fail "/sys/fs/cgroup has neither name=systemd nor a cgroup2 hierarchy" ;;
  cgroup2fs) ;;
  *) fail "/sys/fs/cgroup is $cgroup_fs, neither a cgroup v1 tmpfs nor cgroup2" ;;
esac
for l in /sys/fs/cgroup/*; do
  if [ -L "$l" ]; then echo "link $(readlink "$l") $l" >> "$T/cgroup-mounts"; fi
done

# ---- boot systemd: inside the new cgroups, then new namespaces ----
cat > "$T/launch.sh" <<'EOF'
#!/bin/bash
# $1: work directory. Joins the prepared cgroups, then becomes PID 1 of new namespaces.
set -eu
T=$1
while read -r dir; do echo $$ > "$dir/cgroup.procs"; done < "$T/cgroup-dirs"
exec unshare --pid --kill-child --mount --uts --ipc --net --cgroup --propagation private -- /bin/bash -c '
set -eu
T=$1
mount -t proc proc /proc
mount -t tmpfs -o mode=755 tmpfs /run
# systemd would log to the console of the host: silence it (on failure the script prints systemctl status).
mount --bind /dev/null /dev/console
ip link set lo up
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
  umount -l /sys/fs/cgroup # the host view; mounted again, it shows our cgroup as the root
  mount -t cgroup2 cgroup2 /sys/fs/cgroup
else
  mount -t tmpfs -o mode=755 tmpfs /sys/fs/cgroup
  while read -r type opts target; do
    case $type in
      link) ln -s "$opts" "$target" ;;
      *) mkdir -p "$target"; mount -t "$type" -o "$opts" "$type" "$target" ;;
    esac
  done < "$T/cgroup-mounts"
fi
# Only our units; no generators (they would read the configuration of the host and log to its kmsg).
exec env -i container=mandos-test PATH=/usr/sbin:/usr/bin:/sbin:/bin SYSTEMD_UNIT_PATH="$T/units" \
  SYSTEMD_GENERATOR_PATH="$T/none" SYSTEMD_ENVIRONMENT_GENERATOR_PATH="$T/none" \
  /lib/systemd/systemd --system --unit=mandos-test.target --log-target=console --show-status=no
' launch "$T"
EOF
chmod +x "$T/launch.sh"
# --pdeathsig: should this script die without its cleanup (SIGKILL), unshare dies with it, and
# --kill-child then takes the namespace's PID 1, and so everything in the namespaces, along.
setsid setpriv --pdeathsig KILL -- "$T/launch.sh" "$T" > "$T/launch.log" 2>&1 < /dev/null &
LAUNCH=$!
disown "$LAUNCH" # no "Killed" job report at the end; cleanup polls for its exit instead
step "booting systemd ($("$SYSTEMD" --version | head -n 1)) in namespaces, work dir $T"

find_systemd() { SD=$(pgrep -P "$LAUNCH" -x systemd || true); [ -n "$SD" ]; }
wait_for 20 find_systemd || fail "systemd did not start in the namespaces within 20s"
# In the namespaces of the systemd instance: its /proc, /run (systemctl's socket), network.
inside() { inside_for 20 "$@"; }
inside_for() { local limit=$1; shift; timeout "$limit" nsenter -t "$SD" -m -p -u -i -n -C -- "$@"; }
prop() { inside systemctl show mandos.service -p "$1" --value 2>/dev/null; }
unit_is() { [ "$(prop ActiveState)/$(prop SubState)" = "$1" ]; }

# ---- 1. Type=notify, active/running ----
wait_for "$START_LIMIT" unit_is active/running \
  || fail "mandos.service did not become active/running within ${START_LIMIT}s (it is $(prop ActiveState)/$(prop SubState), Result=$(prop Result))"
[ "$(prop Type)" = notify ] || fail "mandos.service is Type=$(prop Type), not notify"
MAIN=$(prop MainPID)
# shellcheck disable=SC2015 # fail unless both hold
[ -n "$MAIN" ] && [ "$MAIN" -gt 0 ] || fail "mandos.service has no main PID"
step "active/running, Type=notify (READY=1 received), main PID $MAIN (in the namespace)"

# ---- 2. the server's credentials ----
exe=$(inside readlink "/proc/$MAIN/exe") || fail "cannot read the main process's executable"
[ "$exe" = "$T/bin/mandos" ] || fail "the main process is $exe, not the server $T/bin/mandos"
# READY=1 comes after the privilege drop, so it has happened already.
status=$(inside cat "/proc/$MAIN/status") || fail "cannot read the server's /proc status"
field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' <<<"$status"; }
[ "$(field Uid)" = "$MANDOS_UID $MANDOS_UID $MANDOS_UID $MANDOS_UID" ] || fail "server Uid is '$(field Uid)', not _mandos ($MANDOS_UID) in all four"
[ "$(field NoNewPrivs)" = "$EXPECT_NNP" ] || fail "server NoNewPrivs is '$(field NoNewPrivs)', the unit implies $EXPECT_NNP"
filters=$(field Seccomp_filters)
[ -n "$filters" ] || fail "no Seccomp_filters in /proc status (kernel older than 5.9?)"
[ "$filters" -gt 0 ] || fail "server has Seccomp_filters $filters: the unit's system call filters are not applied"
[ "$(field CapEff)" = 0000000000000000 ] || fail "server CapEff is $(field CapEff), not 0"
step "server: Uid $(field Uid), NoNewPrivs $(field NoNewPrivs), Seccomp_filters $filters, CapEff $(field CapEff)"

# ---- 3. a client gets the password ----
get_password() {
  local got
  got=$(timeout "$WAIT_LIMIT" nsenter -t "$SD" -n -- "$CLIENT" --interface=none --connect "127.0.0.1:$PORT" \
    --pubkey "$T/keys/pubkey.txt" --seckey "$T/keys/seckey.txt" \
    --tls-pubkey "$T/keys/tls-pubkey.pem" --tls-privkey "$T/keys/tls-privkey.pem" 2> "$T/client.err") \
    || fail "$1: mandos-client exited with status $? ($(tr '\n' ' ' < "$T/client.err"))"
  [ "$got" = "$PASSWORD" ] || fail "$1: mandos-client printed '$got', not the password"
}
get_password "first client"
step "client got the password"

# ---- 4. the checker ran as _mandos ----
checker_done() { [ -s "$T/state/checker-uid" ]; }
wait_for "$WAIT_LIMIT" checker_done || fail "the checker did not write $T/state/checker-uid within ${WAIT_LIMIT}s"
checker_uid=$(sort -u "$T/state/checker-uid" | paste -sd, -)
[ "$checker_uid" = "$MANDOS_UID" ] || fail "the checker ran as uid $checker_uid, not _mandos ($MANDOS_UID)"
step "checker ran as uid $checker_uid (_mandos)"

# ---- 5. kill -9 of the main process: restarted ----
inside kill -KILL "$MAIN" || fail "could not kill -9 the main process $MAIN"
restarted() { [ "$(prop NRestarts)" -ge 1 ] 2>/dev/null && unit_is active/running && [ "$(prop MainPID)" != "$MAIN" ]; }
wait_for "$START_LIMIT" restarted \
  || fail "mandos.service was not restarted within ${START_LIMIT}s of kill -9 (NRestarts=$(prop NRestarts), $(prop ActiveState)/$(prop SubState), Result=$(prop Result))"
step "after kill -9: NRestarts=$(prop NRestarts), active/running again, main PID $(prop MainPID)"
get_password "client after the restart"
step "client got the password from the restarted server"

# ---- 6. systemctl stop: Result=success ----
inside_for 60 systemctl stop mandos.service || fail "systemctl stop mandos.service failed or took over 60s"
[ "$(prop ActiveState)" = inactive ] || fail "after systemctl stop the unit is $(prop ActiveState)/$(prop SubState)"
[ "$(prop Result)" = success ] || fail "after systemctl stop Result=$(prop Result) (ExecMainStatus=$(prop ExecMainStatus), ExecMainCode=$(prop ExecMainCode)), not success"
step "stopped: Result=success, ExecMainStatus=$(prop ExecMainStatus)"
step "OK"
