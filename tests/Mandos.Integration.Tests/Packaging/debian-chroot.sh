#!/usr/bin/env bash
# Installs .deb files into a throw-away Debian 12 chroot and runs a scenario script in it.
#
#   debian-chroot.sh [--boot] LAYER DEBDIR SCENARIO...
#
# LAYER     base    a minimal Debian 12 (debootstrap --variant=minbase)
#           debian  the same with Debian's own mandos and mandos-client installed (their postinst
#                   made a key set; the scenario can switch from them; their .debs stay in
#                   /var/cache/apt/archives)
#           boot    the same with a kernel, initramfs-tools, cryptsetup-initramfs and busybox
#                   (what a client with an encrypted root file system has; mkinitramfs works)
#           server  the same with systemd, dbus, avahi-daemon and fping (what a Mandos server
#                   runs on) and our packages' Depends: a system to boot with --boot
#           plymouth  the same with Debian's plymouth (plymouthd and the plymouth command; its
#                   postinst finds no kernel to make an initramfs for)
#           dracut  the same with dracut (and dracut-network) instead of initramfs-tools, and
#                   systemd, which dracut puts into the initramfs: a client whose initramfs runs
#                   systemd-cryptsetup and systemd's password agents
#           (layer_packages below lists each layer's packages; every layer but base is one
#           overlay over base)
# DEBDIR    the .deb files to install (all of them, with apt, so their Depends are resolved), or
#           '-' for none: the scenario then runs once, as `SCENARIO after` (not with --boot)
# SCENARIO  a /bin/sh script (the files given, joined) run inside the chroot twice: `SCENARIO before` (before the
#           install) and `SCENARIO after` (after it, in a network namespace of its own with only
#           loopback up, so its servers reach nothing else and its ports clash with nothing)
# --boot    after `SCENARIO before` (in the chroot, as above), boots the run's root with systemd
#           as PID 1: systemd-nspawn --boot, with a private network (loopback only), registered
#           nowhere (no machined), its journal kept inside. The apt install and `SCENARIO after`
#           then run in the booted system (entered with nsenter), so the maintainer scripts meet a
#           running systemd and D-Bus as on a real server; the install has no network, so the
#           layer must hold the packages' Depends. At the end the container is powered off
#           (killed if that takes over a minute). Needs systemd-nspawn (systemd-container).
#
# The layers are cached under $MANDOS_TEST_CACHE (default /var/cache/mandos-test), made once
# (under a lock; debootstrap and apt need the Debian mirror) and rebuilt after a week or when
# this recipe changes. Each run mounts an overlay of the cached layer with an empty upper
# directory, inside a private mount and PID namespace: whatever happens, the kernel unmounts
# everything and kills every process of the run (a booted container too) when it ends, and the
# cached layers are never written. Nothing of the host's own Mandos files or packages is
# touched. A booted run also gets a private /run (where systemd-nspawn keeps its locks) and a
# cgroup of its own (mandos-chroot-RUN below the caller's, in the cgroup2 and name=systemd
# hierarchies), removed when the container has stopped, or by the next run if this one was killed.
# MANDOS_CHROOT_OUT, when set, names a host directory bind-mounted at /out in the chroot: what
# a scenario leaves for the caller (a kernel and initramfs to boot, logs).
set -euo pipefail

recipe=1        # change when the layers' recipe changes: old caches are then ignored
suite=bookworm
mirror=${MANDOS_TEST_MIRROR:-http://deb.debian.org/debian}
cache=${MANDOS_TEST_CACHE:-/var/cache/mandos-test}/$suite-v$recipe
max_age_days=7
boot_limit=120          # s: systemd in the container reaches running (or degraded)
install_limit=600       # s: apt install in the booted container
after_limit=600         # s: `SCENARIO after` in the booted container
poweroff_limit=60       # s: the container powers off

log() { echo "debian-chroot: [$(date +%T)] $*" >&2; }

# The packages of each layer over base. A layer's cache directory is named after a hash of its
# list, so changing a list makes a new layer.
layer_packages() {
  case "$1" in
  debian) echo "mandos mandos-client" ;;
  boot) echo "linux-image-cloud-amd64 initramfs-tools cryptsetup-initramfs busybox kmod udev" ;;
  server) echo "systemd dbus avahi-daemon fping adduser libssl3 cryptsetup-bin" ;;
  plymouth) echo "plymouth" ;;
  dracut) echo "linux-image-cloud-amd64 dracut dracut-network systemd systemd-sysv dbus cryptsetup dmsetup kmod udev iproute2 procps" ;;
  *) return 1 ;;
  esac
}

# Runs "$@" with the root file system at $1 prepared: /proc, a private /dev/shm, no service
# starts (policy-rc.d), the host's resolv.conf. Caller is inside a private mount namespace.
prepare_root() {
  local root=$1
  mount -t proc proc "$root/proc"
  mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || :
}

in_root() {     # in_root ROOT COMMAND...: COMMAND in the chroot, with a clean environment
  local root=$1
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# Where a run's .debs and scenario are in the root (not /tmp: a booted container has a tmpfs there)
stage=/var/tmp/debian-chroot
# The install, run by sh in the chroot or the booted container: a changed conffile is kept.
install_debs="apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $stage/debs/*.deb </dev/null"

# Mounts an overlay at $2 of the layers $1 (colon-separated, upper first) with a fresh upper
# directory under $3.
mount_overlay() {
  mkdir -p "$3/upper" "$3/work" "$2"
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$3/upper,workdir=$3/work" "$2"
}

# The steps below that mount run as `debian-chroot.sh --inside STEP ...` under unshare: a private
# mount namespace (and PID namespace for a run), torn down by the kernel when the step ends.
inside() {
  local step=$1
  shift
  case "$step" in
  base-lists)           # apt's package lists stay in the base layer, for resolving Depends
    prepare_root "$1"
    in_root "$1" apt-get update -qq
    rm -f "$1/usr/sbin/policy-rc.d"
    ;;
  package-layer)        # DIR BASE PACKAGES...: the packages over BASE, as the overlay upper DIR/upper
    local dir=$1 base=$2
    shift 2
    mount_overlay "$base" "$dir/mnt" "$dir"
    prepare_root "$dir/mnt"
    in_root "$dir/mnt" apt-get install -y -qq --no-install-recommends "$@" \
      >"$dir/apt.log" 2>&1 || { tail -n 30 "$dir/apt.log" >&2; return 1; }
    rm -f "$dir/mnt/usr/sbin/policy-rc.d"
    ;;
  run)                  # LOWERDIRS RUN MODE: the scenario, the install, the scenario again
    local root=$2/root
    mount_overlay "$1" "$root" "$2"
    prepare_root "$root"
    if [ -n "${MANDOS_CHROOT_OUT:-}" ]; then
      mkdir -p "$root/out"
      mount --bind "$MANDOS_CHROOT_OUT" "$root/out"
    fi
    mkdir -p "$root$stage/debs"
    install -m 0755 "$2/scenario.sh" "$root$stage/scenario.sh"
    if [ -n "$(ls "$2/debs")" ]; then
      cp "$2"/debs/*.deb "$root$stage/debs/"
      log "scenario: before"
      in_root "$root" /bin/sh -eu "$stage/scenario.sh" before
      if [ "$3" = boot ]; then
        booted_run "$root" "$2"
        return
      fi
      log "apt-get install ${2##*/}/debs/*.deb"
      in_root "$root" sh -c "$install_debs"
    fi
    log "scenario: after (own network namespace, loopback only)"
    unshare --net sh -c 'ip link set lo up && exec "$@"' - \
      chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      /bin/sh -eu "$stage/scenario.sh" after
    ;;
  esac
}

# ---- booted runs (--boot) ----

# The cgroups of run $1's container: mandos-chroot-$1 below this process's own cgroup in the
# cgroup2 hierarchy and in the v1 name=systemd one, whichever are mounted. systemd-nspawn and the
# container's systemd make theirs below it, so the host's tree keeps nothing of them.
run_cgroups() {
  local fs mount_root mount_point own
  # mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS... - FSTYPE SOURCE SUPEROPTIONS
  awk '{ for (i = 7; $i != "-"; i++); fs = $(i + 1)
         if (fs == "cgroup2" || (fs == "cgroup" && $(i + 3) ~ /(^|,)name=systemd(,|$)/)) print fs, $4, $5 }' \
    /proc/self/mountinfo |
    while read -r fs mount_root mount_point; do
      case "$fs" in
      cgroup2) own=$(sed -n 's/^0:://p' /proc/self/cgroup) ;;
      *) own=$(sed -n 's/^[0-9]*:name=systemd://p' /proc/self/cgroup) ;;
      esac
      [ "$mount_root" = / ] || own=${own#"$mount_root"}
      echo "${mount_point%/}${own%/}/mandos-chroot-$1"
    done
}

# Removes cgroup $1 and everything below it; they are freed a moment after their last process.
remove_cgroup() {
  local deadline=$((SECONDS + 10))
  while [ -d "$1" ]; do
    find "$1" -depth -type d -exec rmdir {} + 2>/dev/null || :
    [ -d "$1" ] || return 0
    [ "$SECONDS" -lt "$deadline" ] || { log "cannot remove cgroup $1"; return 1; }
    sleep 0.2
  done
}

in_container() {   # in_container LIMIT COMMAND...: COMMAND in the booted container, for LIMIT s at most
  local limit=$1
  shift
  timeout --kill-after=5 "$limit" \
    nsenter --target "$leader" --mount --uts --ipc --net --pid --cgroup --root --wd -- \
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# Boots the run's root ($1; `SCENARIO before` has run in it as a chroot) with systemd as PID 1,
# installs the packages and runs `SCENARIO after` in it, and powers it off whatever happens.
booted_run() {
  local root=$1 run=$2 id=${2##*.} extra=() dir state
  command -v systemd-nspawn >/dev/null ||
    { log "systemd-nspawn is missing: bash tools/install-deps.sh test"; return 69; }
  # systemd-nspawn mounts the container's own /proc, /dev and (with --bind) /out
  if [ -n "${MANDOS_CHROOT_OUT:-}" ]; then
    umount "$root/out"
    extra+=(--bind="$MANDOS_CHROOT_OUT:/out")
  fi
  umount "$root/dev/pts" "$root/dev/shm" "$root/proc"
  rm -f "$root/usr/sbin/policy-rc.d"             # services start, as on a real system
  mount -t proc proc /proc                       # this PID namespace's: pgrep, nsenter --target
  mount -t tmpfs -o mode=0755 run /run           # systemd-nspawn's locks stay in this namespace
  mapfile -t cgroups < <(run_cgroups "$id")
  log "booting the root with systemd-nspawn (machine mandos-$id, private network)"
  (
    for dir in "${cgroups[@]}"; do
      mkdir "$dir"
      echo "$BASHPID" >"$dir/cgroup.procs"
    done
    exec systemd-nspawn --quiet --boot --directory="$root" --machine="mandos-$id" --private-network \
      --register=no --keep-unit --link-journal=no --console=read-only "${extra[@]}"
  ) </dev/null >"$run/console.log" 2>&1 &
  nspawn=$! leader=
  trap 'status=$?; power_off; exit $status' EXIT

  local deadline=$((SECONDS + boot_limit))
  until leader=$(pgrep -P "$nspawn" -x systemd); do
    if ! kill -0 "$nspawn" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      log "systemd did not start in the container; its console:"
      tail -n 40 "$run/console.log" >&2
      return 1
    fi
    sleep 0.2
  done
  until state=$(in_container 10 systemctl is-system-running 2>/dev/null); [ "$state" = running ] || [ "$state" = degraded ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      log "the container did not boot within ${boot_limit}s (it is '$state'); its console:"
      tail -n 40 "$run/console.log" >&2
      return 1
    fi
    sleep 0.5
  done
  if [ "$state" = degraded ]; then
    log "the container booted degraded; failed units: $(in_container 10 systemctl --failed --no-legend --plain | tr '\n' ' ')"
  fi
  log "apt-get install ${run##*/}/debs/*.deb (booted system, no network)"
  in_container "$install_limit" sh -c "$install_debs"
  log "scenario: after (booted system, private network: loopback only)"
  in_container "$after_limit" /bin/sh -eu "$stage/scenario.sh" after
}

# systemd-nspawn, sent SIGTERM, has the container's systemd power off; killed (with its PID 1, so
# the container's PID namespace goes) if that takes over $poweroff_limit s. Then its cgroups go.
power_off() {
  local deadline=$((SECONDS + poweroff_limit)) dir
  kill -TERM "$nspawn" 2>/dev/null || :
  while kill -0 "$nspawn" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.2
  done
  if kill -0 "$nspawn" 2>/dev/null; then
    log "the container did not power off within ${poweroff_limit}s: killed"
    kill -KILL ${leader:+"$leader"} "$nspawn" 2>/dev/null || :
  fi
  wait "$nspawn" 2>/dev/null || :
  for dir in "${cgroups[@]}"; do remove_cgroup "$dir" || :; done
}

build_base() {
  local dir=$1
  log "debootstrap $suite into $dir (once; cached)"
  debootstrap --variant=minbase "$suite" "$dir/root" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
    { tail -n 20 "$dir/debootstrap.log" >&2; return 1; }
  unshare --mount --propagation private "$self" --inside base-lists "$dir/root"
}

build_packages() {
  local dir=$1 base=$2 name=$3
  # shellcheck disable=SC2046
  set -- $(layer_packages "$name")
  log "installing $* into layer $name over the base (once; cached)"
  unshare --mount --propagation private "$self" --inside package-layer "$dir" "$base" "$@"
  rm -rf "${dir:?}/work" "${dir:?}/mnt"
}

layer_dir() {   # the cache directory of layer $1
  case "$1" in
  base) echo "$cache/base" ;;
  debian) echo "$cache/debian" ;;     # a fixed name: the caches already made use it
  *) echo "$cache/$1-$(layer_packages "$1" | md5sum | cut -c1-8)" ;;
  esac
}

# Makes the cached layer $1 unless it is there and fresh.
ensure_layer() {
  local name=$1 dir
  dir=$(layer_dir "$1")
  if [ -e "$dir/done" ] && [ -z "$(find "$dir/done" -mtime +$max_age_days)" ]; then
    return 0
  fi
  local new
  new=$(mktemp -d "$cache/.$name.XXXXXX")
  case "$name" in
  base) build_base "$new" ;;
  *) build_packages "$new" "$cache/base/root" "$name" ;;
  esac
  date >"$new/done"
  rm -rf "$dir.old"
  if [ -e "$dir" ]; then mv "$dir" "$dir.old"; fi
  mv "$new" "$dir"
  rm -rf "$dir.old"
}

layers() {     # the lowerdir option of a layer
  case "$1" in
  base) echo "$cache/base/root" ;;
  *) echo "$(layer_dir "$1")/upper:$cache/base/root" ;;
  esac
}

main() {
  local mode=chroot
  if [ "${1:-}" = --boot ]; then
    mode=boot
    shift
  fi
  local layer=$1 debdir=$2
  shift 2
  if [ "$layer" != base ] && ! layer_packages "$layer" >/dev/null; then
    echo "unknown layer '$layer'" >&2
    exit 64
  fi
  [ "$(id -u)" -eq 0 ] || { echo "debian-chroot.sh must run as root (chroot, mount)" >&2; exit 77; }
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: bash tools/install-deps.sh test" >&2; exit 69; }
  mkdir -p "$cache"
  (
    flock 9
    ensure_layer base
    if [ "$layer" != base ]; then ensure_layer "$layer"; fi
    # leftovers of runs that were killed
    find "$cache" -maxdepth 1 -name '.run.*' -mmin +120 -exec rm -rf {} + 2>/dev/null || :
    local dir
    for dir in $(run_cgroups '*'); do
      [ -e "$cache/.run.${dir##*/mandos-chroot-}" ] || find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || :
    done
  ) 9>"$cache/.lock"
  run=$(mktemp -d "$cache/.run.XXXXXX")
  trap 'clean_up "$run"' EXIT
  mkdir -p "$run/debs"
  if [ "$debdir" != - ]; then
    cp "$debdir"/*.deb "$run/debs/"
  elif [ "$mode" = boot ]; then
    echo "--boot needs packages to install" >&2
    exit 64
  fi
  cat "$@" >"$run/scenario.sh"
  # A shared lock, held by every process of the run: no layer is rebuilt under a running test.
  exec 9<"$cache/.lock"
  flock --shared 9
  # Waited for in the background, so that a SIGTERM (the test's time limit) ends unshare at once:
  # its --kill-child then kills the run's PID namespace, a booted container with it.
  unshare --mount --propagation private --pid --fork --kill-child \
    "$self" --inside run "$(layers "$layer")" "$run" "$mode" &
  unshare_pid=$!
  trap 'kill -KILL "$unshare_pid" 2>/dev/null; exit 143' TERM
  trap 'kill -KILL "$unshare_pid" 2>/dev/null; exit 130' INT
  trap 'kill -KILL "$unshare_pid" 2>/dev/null; exit 129' HUP
  wait "$unshare_pid"
}

# The run's directory, and its cgroups if it was killed before it could remove them.
clean_up() {
  local status=$? dir
  for dir in $(run_cgroups "${1##*.}"); do remove_cgroup "$dir" || :; done
  rm -rf "$1"
  exit "$status"
}

self=$(realpath "$0")
if [ "${1:-}" = --inside ]; then
  shift
  inside "$@"
else
  main "$@"
fi
