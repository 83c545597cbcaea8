#!/usr/bin/env bash
# The main job, end to end on loopback with our programs only:
# make a client key set, encrypt a password into a clients.conf section, start the server,
# run the client against it, print the password the client received, clean up.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/build/bin
work=$(mktemp -d /tmp/mandos-demo.XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -m 700 "$work/keys" "$work/conf" "$work/state"
chmod 711 "$work"
# Started as root, the server drops to _mandos (or nobody), as upstream: its state directory is theirs.
if [ "$(id -u)" -eq 0 ]; then
  if id _mandos >/dev/null 2>&1; then chown _mandos: "$work/state"; else chown nobody:nogroup "$work/state"; fi
fi
password=${DEMO_PASSWORD:-"correct horse battery staple"}
printf '%s' "$password" > "$work/password"

echo "1. mandos-keygen: making the client's OpenPGP and TLS keys in $work/keys"
"$BIN/mandos-keygen" --dir "$work/keys" --name demo-client --force
ls -l "$work/keys"

echo "2. mandos-keygen --passfile: encrypting the password into a clients.conf section"
{ printf '[DEFAULT]\nchecker = true\n\n'; "$BIN/mandos-keygen" --dir "$work/keys" --name demo-client --no-ssh --passfile "$work/password"; } > "$work/conf/clients.conf"
chmod 600 "$work/conf/clients.conf"   # it holds the secrets: root only, as upstream installs it
printf '[DEFAULT]\n' > "$work/conf/mandos.conf"
sed -n '1,8p' "$work/conf/clients.conf"; echo "    ..."

echo "3. mandos: serving on 127.0.0.1, at a port the kernel picks (--port 0; the log names it)"
"$BIN/mandos" --foreground --debuglevel INFO --no-dbus --no-zeroconf --no-restore \
  --address 127.0.0.1 --port 0 --configdir "$work/conf" --statedir "$work/state" 2> "$work/server.log" &
server_pid=$!
port=
for _ in $(seq 300); do
  port=$(sed -n 's/.*Now listening on address [^,]*, port \([0-9]*\).*/\1/p' "$work/server.log")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { echo "mandos did not start listening:"; cat "$work/server.log"; exit 1; }

echo "4. mandos-client --connect 127.0.0.1:$port"
got=$(timeout 30 "$BIN/mandos-client" --connect "127.0.0.1:$port" --interface=none \
  --pubkey "$work/keys/pubkey.txt" --seckey "$work/keys/seckey.txt" \
  --tls-pubkey "$work/keys/tls-pubkey.pem" --tls-privkey "$work/keys/tls-privkey.pem")
echo "   server log:"; sed 's/^/   | /' "$work/server.log"
echo "The client received the password: $got"
[ "$got" = "$password" ]
