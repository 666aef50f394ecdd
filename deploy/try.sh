#!/usr/bin/env bash
# deploy/try.sh: the deployment in this folder, on loopback, as a check.
# Two instances on one PostgreSQL database (sharing a data folder, as
# instances on one machine may; on several machines, a bucket), nginx in
# front balancing between them; a story is changed through the first
# instance's API and the script waits for the second instance's cached page
# to show it, then reads it through nginx too. Exits 1 if that takes more
# than two seconds.
#
#   deploy/try.sh           (needs nginx, psql, curl, python3; PostgreSQL at
#                            $PGHOST, default 127.0.0.1, user postgres, trust
#                            auth: the database broadsheet_deploy is made anew)
set -euo pipefail
cd "$(dirname "$0")/.."
PGHOST=${PGHOST:-127.0.0.1}
for tool in nginx psql curl python3 go; do
	command -v "$tool" >/dev/null || { echo "try: $tool is needed" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-deploy.XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
fail_logs() { tail -n 5 "$WORK"/*.log >&2 2>/dev/null || true; }
say() { printf '==> %s\n' "$*" >&2; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }
wait_up() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1/healthz" && return; sleep 0.2; done; echo "try: $1 did not come up" >&2; fail_logs; exit 1; }

go build -o "$WORK/broadsheet" ./cmd/broadsheet
psql -h "$PGHOST" -U postgres -q -c 'DROP DATABASE IF EXISTS broadsheet_deploy' -c 'CREATE DATABASE broadsheet_deploy' postgres
export BROADSHEET_DATABASE_URL="postgres://postgres@$PGHOST:5432/broadsheet_deploy?sslmode=disable"
export BROADSHEET_DATA=$WORK/data BROADSHEET_TRUSTED_PROXIES=127.0.0.1 BROADSHEET_LOG_LEVEL=warn
P0=$(free_port) P1=$(free_port) P2=$(free_port)
export BROADSHEET_BASE_URL=http://127.0.0.1:$P0

say "instance 1 on :$P1 (filling the database with the demo newsroom)"
"$WORK/broadsheet" serve --demo --addr "127.0.0.1:$P1" >"$WORK/one.out" 2>"$WORK/one.log" &
PIDS+=($!)
wait_up "http://127.0.0.1:$P1"
say "instance 2 on :$P2"
"$WORK/broadsheet" serve --addr "127.0.0.1:$P2" >"$WORK/two.out" 2>"$WORK/two.log" &
PIDS+=($!)
wait_up "http://127.0.0.1:$P2"

say "nginx on :$P0 in front of both"
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx;
	fastcgi_temp_path $WORK/nginx; uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
	upstream broadsheet { server 127.0.0.1:$P1; server 127.0.0.1:$P2; keepalive 8; }
	server {
		listen 127.0.0.1:$P0;
		location / {
			proxy_pass http://broadsheet;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
		}
	}
}
EOF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_up "http://127.0.0.1:$P0"

EMAIL=$(sed -n 's/^ *email: *//p' "$WORK/one.out" | head -1)
TOKEN=$("$WORK/broadsheet" token create --email "$EMAIL" | grep -oE 'bs_[A-Za-z0-9_-]+' | head -1)
[ -n "$TOKEN" ] || { echo "try: no API token" >&2; exit 1; }
read -r ID URL < <(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$P1/api/v1/articles?status=published&limit=1" |
	python3 -c 'import json,sys; a=json.load(sys.stdin)["articles"][0]; print(a["id"], a["url"])')
URL=${URL#"$BROADSHEET_BASE_URL"}
TWO=http://127.0.0.1:$P2$URL
curl -fs -o /dev/null "$TWO"
cache=$(curl -fs -o /dev/null -D - "$TWO" | tr -d '\r' | sed -n 's/^X-Cache: //Ip')
say "story $ID at $URL: instance 2 serves it from its cache ($cache)"
[ "$cache" = hit ] || { echo "try: instance 2 did not keep the page" >&2; exit 1; }

HEADLINE="Changed through instance one at $(date +%H:%M:%S)"
start=$(date +%s%N)
code=$(curl -s -o "$WORK/patch.json" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
	--data "{\"headline\": \"$HEADLINE\"}" "http://127.0.0.1:$P1/api/v1/articles/$ID")
[ "$code" = 200 ] || { echo "try: PATCH answered $code: $(cat "$WORK/patch.json")" >&2; exit 1; }
until curl -fs "$TWO" | grep -q "$HEADLINE"; do
	if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 5000 ]; then
		echo "try: instance 2 still shows the old page after 5 s" >&2
		exit 1
	fi
	sleep 0.02
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
curl -fs "http://127.0.0.1:$P0$URL" | grep -q "$HEADLINE" || { echo "try: nginx serves the old page" >&2; exit 1; }
say "instance 2 showed the change $ms ms after the PATCH through instance 1; nginx serves it too"
[ "$ms" -le 2000 ] || { echo "try: that is more than two seconds" >&2; exit 1; }
echo "ok: two instances, one database, a change visible on both in $ms ms"
