#!/bin/bash
# run.sh - boots the test VM (QEMU, TCG) built by build.sh; passes when the guest prints the
# marker of the unlocked disk. The Mandos server is the caller's business.
#
# Input (environment):
#   E2E_WORK   build.sh's output directory
#   NET=slirp  (default) QEMU user networking, restrict=on: the guest (10.0.2.15/24) reaches
#              nothing but 10.0.2.100:7000, forwarded to 127.0.0.1:$PORT on the host (one socat
#              per connection). Use "mandos=connect:10.0.2.100:7000".
#   NET=tap    QEMU runs in the existing network namespace $NETNS on tap device $TAP (default
#              tap0): the caller's if it exists there, else made for the run with $TAP_ADDRESS
#              (default 10.213.0.1/24) and a multicast route, and removed afterwards. Needs root.
#   APPEND     more kernel parameters (mandos=..., ip=...)
#   TIMEOUT    seconds before QEMU is stopped (default 60); MEM (MiB, default 256)
#   SERIAL_LOG where the guest's console goes (default $E2E_WORK/serial.log)
# SIGTERM (or SIGINT) stops QEMU early: run.sh passes it on and exits once QEMU has ended, as
# for a boot that ran out of time (a caller that has seen what it waited for on the console).
# Exit: 0 unlocked (the right marker on the console), 1 not unlocked, 2 not built.
set -uo pipefail
WORK=${E2E_WORK:?E2E_WORK must name build.sh output directory}
NET=${NET:-slirp}; PORT=${PORT:-7779}; TIMEOUT=${TIMEOUT:-60}; MEM=${MEM:-256}
LOG=${SERIAL_LOG:-$WORK/serial.log}
for f in vmlinuz initrd.img disk.img marker; do
  [ -s "$WORK/$f" ] || { echo "missing $WORK/$f: run build.sh first"; exit 2; }
done
T0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
rm -f "$LOG"
RUN_IN=()
MADE_TAP=no
QEMU_PID=
STOPPED=no
# shellcheck disable=SC2317 # run by the traps below
cleanup() {
  if [ "$MADE_TAP" = yes ]; then ip -n "$NETNS" link del "$TAP" 2> /dev/null; fi
}
# shellcheck disable=SC2317
stop() {
  STOPPED=yes
  if [ -z "$QEMU_PID" ]; then exit 1; fi   # QEMU not started yet: nothing to wait for
  kill -TERM "$QEMU_PID" 2> /dev/null      # timeout passes it on to QEMU
}
trap cleanup EXIT
trap stop INT TERM
if [ "$NET" = tap ]; then
  : "${NETNS:?NET=tap needs NETNS}"
  TAP=${TAP:-tap0}
  if ! ip -n "$NETNS" link show "$TAP" > /dev/null 2>&1; then   # else the caller's, used as it is
    ip -n "$NETNS" tuntap add dev "$TAP" mode tap && MADE_TAP=yes
    ip -n "$NETNS" addr add "${TAP_ADDRESS:-10.213.0.1/24}" dev "$TAP"
    ip -n "$NETNS" link set "$TAP" up
    ip -n "$NETNS" route add 224.0.0.0/4 dev "$TAP" 2> /dev/null || true
  fi
  RUN_IN=(ip netns exec "$NETNS")
  NETDEV=(-netdev "tap,id=n0,ifname=$TAP,script=no,downscript=no")
else
  NETDEV=(-netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:7000-cmd:socat - TCP:127.0.0.1:$PORT")
fi
echo "[run $(ms) ms] qemu (tcg, $NET): ${APPEND:-}"
"${RUN_IN[@]}" timeout --kill-after=5 "$TIMEOUT" qemu-system-x86_64 -accel tcg -M pc -m "$MEM" -smp 1 \
  -nodefaults -no-user-config -display none -no-reboot -serial "file:$LOG" \
  -kernel "$WORK/vmlinuz" -initrd "$WORK/initrd.img" \
  -append "console=ttyS0 panic=-1 quiet ${APPEND:-}" \
  -drive "file=$WORK/disk.img,format=raw,if=virtio,snapshot=on" \
  "${NETDEV[@]}" -device virtio-net-pci,netdev=n0,romfile= &
QEMU_PID=$!
# A trap ends a wait early: wait again until QEMU (and timeout) have ended.
while wait "$QEMU_PID"; QRC=$?; kill -0 "$QEMU_PID" 2> /dev/null; do :; done
WHY=
if [ "$STOPPED" = yes ]; then WHY=" (stopped on request)"; elif [ "$QRC" = 124 ]; then WHY=" (stopped after ${TIMEOUT}s)"; fi
echo "[run $(ms) ms] qemu exited rc=$QRC$WHY"
if grep -aq "E2E-UNLOCKED: marker=$(cat "$WORK/marker") " "$LOG"; then
  echo "E2E PASS in $(ms) ms"; exit 0
fi
echo "E2E: not unlocked in $(ms) ms (serial log: $LOG)"; exit 1
