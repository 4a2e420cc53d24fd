#!/usr/bin/env bash
# start-moto.sh PORTFILE [PIDFILE]: start moto_server on a free loopback
# port (STS AssumeRoleWithWebIdentity / AssumeRole for IRSA and role
# profiles, aws-fsx-api.md §8.4), write its port (and pid), wait until it
# answers. Stop it with: kill "$(cat PIDFILE)".
# moto's auth checks stay off (its unsigned AssumeRoleWithWebIdentity
# would fail with them on); the FSx stand-in started with --moto URL
# looks the keys moto issued up in moto's /moto-api/data.json.
set -eu
portfile="$1"
pidfile="${2:-$1.pid}"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$port" >"$portfile.log" 2>&1 3>&- &
echo $! >"$pidfile"
for _ in $(seq 1 100); do
	if curl -sf "http://127.0.0.1:$port/moto-api/data.json" >/dev/null 2>&1; then
		echo "$port" >"$portfile"
		exit 0
	fi
	kill -0 "$(cat "$pidfile")" 2>/dev/null || break
	sleep 0.1
done
echo "start-moto.sh: moto_server did not start (see $portfile.log)" >&2
exit 1
