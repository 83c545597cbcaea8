#!/usr/bin/env bash
# The initramfs programs: size of our one multi-call executable against Debian's programs, and
# start-up time of `plugin-runner --help` and `password-prompt --version`, ours and Debian's.
#   bash bench/initramfs-programs.sh [RUNS]     (needs `make build`; RUNS defaults to 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-200}
ours=build/bin
debian=/usr/lib/x86_64-linux-gnu/mandos
[ -x "$ours/plugin-runner" ] || { echo "run make build first" >&2; exit 1; }

size() { stat -L -c %s "$1"; }
echo "== size (bytes)"
printf '%-58s %10s\n' "ours: build/bin/mandos-client (every initramfs program)" "$(size $ours/mandos-client)"
total=0
for f in "$debian/plugin-runner" "$debian"/plugins.d/* /usr/lib/dracut/modules.d/90mandos/password-agent; do
  [ -f "$f" ] || continue
  total=$((total + $(size "$f")))
done
printf '%-58s %10s\n' "Debian: plugin-runner + plugins.d/* + password-agent" "$total"
echo "   (Debian's also need GnuTLS, GPGME, gpg, Avahi libraries in the initramfs)"

# Mean wall time of one run, in milliseconds, over $runs runs.
timing() {
  local start end
  start=$(date +%s%N)
  for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 </dev/null || true; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.2f ms\n", ns / n / 1e6 }'
}
echo "== start-up, mean of $runs runs"
printf '%-40s %s\n' "ours   plugin-runner --help" "$(timing $ours/plugin-runner --help)"
printf '%-40s %s\n' "Debian plugin-runner --help" "$(timing $debian/plugin-runner --help)"
printf '%-40s %s\n' "ours   password-prompt --version" "$(timing $ours/password-prompt --version)"
printf '%-40s %s\n' "Debian password-prompt --version" "$(timing $debian/plugins.d/password-prompt --version)"
