#!/usr/bin/env bash
# Installs the Debian packages this project needs and a fresh Debian 12 machine lacks.
#   install-deps.sh build   what `make build` and `make deb` need (make, gcc as NativeAOT's linker, dpkg-dev)
#   install-deps.sh test    the above plus Debian's Mandos (the reference peers) and what tests run
#                           (debootstrap: the packaging test's Debian 12 chroot; systemd-container:
#                           systemd-nspawn, which boots that chroot with systemd as PID 1;
#                           lintian: the packaging test that keeps the .debs lintian-clean;
#                           the linter of `make lint`, which `make check` runs first: shellcheck)
# Idempotent: asks apt only when something is missing.
set -euo pipefail
profile=${1:-test}
packages=(make gcc libc6-dev zlib1g-dev dpkg-dev)
if [ "$profile" = test ]; then
  packages+=(mandos mandos-client dbus iproute2 procps gnupg gnutls-bin systemd avahi-daemon avahi-utils util-linux tmux debootstrap systemd-container lintian shellcheck)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "Installing Debian packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
