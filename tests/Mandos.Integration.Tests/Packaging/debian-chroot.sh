#!/usr/bin/env bash
# Installs .deb files into a throw-away Debian 12 chroot and runs a scenario script in it.
#
#   debian-chroot.sh LAYER DEBDIR SCENARIO...
#
# LAYER     base    a minimal Debian 12 (debootstrap --variant=minbase)
#           debian  the same with Debian's own mandos and mandos-client installed (their postinst
#                   made a key set; the scenario can switch from them)
#           boot    the same with a kernel, initramfs-tools, cryptsetup-initramfs and busybox
#                   (what a client with an encrypted root file system has; mkinitramfs works)
#           dracut  the same with dracut (and dracut-network) instead of initramfs-tools, and
#                   systemd, which dracut puts into the initramfs: a client whose initramfs runs
#                   systemd-cryptsetup and systemd's password agents
#           (layer_packages below lists each layer's packages; every layer but base is one
#           overlay over base)
# DEBDIR    the .deb files to install (all of them, with apt, so their Depends are resolved)
# SCENARIO  a /bin/sh script (the files given, joined) run inside the chroot twice: `SCENARIO before` (before the
#           install) and `SCENARIO after` (after it, in a network namespace of its own with only
#           loopback up, so its servers reach nothing else and its ports clash with nothing)
#
# The layers are cached under $MANDOS_TEST_CACHE (default /var/cache/mandos-test), made once
# (under a lock; debootstrap and apt need the Debian mirror) and rebuilt after a week or when
# this recipe changes. Each run mounts an overlay of the cached layer with an empty upper
# directory, inside a private mount and PID namespace: whatever happens, the kernel unmounts
# everything and kills every process of the run when it ends, and the cached layers are never
# written. Nothing of the host's own Mandos files or packages is touched.
# MANDOS_CHROOT_OUT, when set, names a host directory bind-mounted at /out in the chroot: what
# a scenario leaves for the caller (a kernel and initramfs to boot, logs).
set -euo pipefail

recipe=1        # change when the layers' recipe changes: old caches are then ignored
suite=bookworm
mirror=${MANDOS_TEST_MIRROR:-http://deb.debian.org/debian}
cache=${MANDOS_TEST_CACHE:-/var/cache/mandos-test}/$suite-v$recipe
max_age_days=7

log() { echo "debian-chroot: $*" >&2; }

# The packages of each layer over base. A layer's cache directory is named after a hash of its
# list, so changing a list makes a new layer.
layer_packages() {
  case "$1" in
  debian) echo "mandos mandos-client" ;;
  boot) echo "linux-image-cloud-amd64 initramfs-tools cryptsetup-initramfs busybox kmod udev" ;;
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
  run)                  # LOWERDIRS RUN: the scenario, the install, the scenario again
    local root=$2/root
    mount_overlay "$1" "$root" "$2"
    prepare_root "$root"
    if [ -n "${MANDOS_CHROOT_OUT:-}" ]; then
      mkdir -p "$root/out"
      mount --bind "$MANDOS_CHROOT_OUT" "$root/out"
    fi
    mkdir -p "$root/tmp/debs"
    cp "$2"/debs/*.deb "$root/tmp/debs/"
    install -m 0755 "$2/scenario.sh" "$root/tmp/scenario.sh"
    log "scenario: before"
    in_root "$root" /bin/sh -eu /tmp/scenario.sh before
    log "apt-get install ${2##*/}/debs/*.deb"
    in_root "$root" sh -c 'apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold /tmp/debs/*.deb </dev/null'
    log "scenario: after (own network namespace, loopback only)"
    unshare --net sh -c 'ip link set lo up && exec "$@"' - \
      chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      /bin/sh -eu /tmp/scenario.sh after
    ;;
  esac
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
  rm -rf "$dir/work" "$dir/mnt"
}

layer_dir() {   # the cache directory of layer $1
  case "$1" in
  base) echo "$cache/base" ;;
  debian) echo "$cache/debian" ;;     # named before the lists were hashed; kept so caches stay valid
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
  ) 9>"$cache/.lock"
  run=$(mktemp -d "$cache/.run.XXXXXX")
  trap 'rm -rf "$run"' EXIT
  mkdir -p "$run/debs"
  cp "$debdir"/*.deb "$run/debs/"
  cat "$@" >"$run/scenario.sh"
  # A shared lock: no layer is rebuilt under a running test.
  flock --shared "$cache/.lock" unshare --mount --propagation private --pid --fork --kill-child \
    "$self" --inside run "$(layers "$layer")" "$run"
}

self=$(realpath "$0")
if [ "${1:-}" = --inside ]; then
  shift
  inside "$@"
else
  main "$@"
fi
