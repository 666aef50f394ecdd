#!/usr/bin/env bash
# bench/run.sh: the reader site under load, beside nginx serving the same
# bytes. Builds broadsheet, generates an archive (ARTICLES stories, 10,000
# by default; 100000 or 1000000 on request), serves it on SQLite and on
# PostgreSQL, and loads each page with wrk on loopback: home, a section,
# a section's older page far back, the hot story, stories spread over the
# archive, search results and the site's feed. Then nginx serves the hot
# story's bytes as a static file: the ceiling, and our ratio to it.
#
# Prints a table and writes it to bench/results/ (or $OUT).
#
#   ARTICLES=10000 DURATION=10s CONNECTIONS=50 ENGINES="sqlite postgres" bench/run.sh
#
# Needs wrk and nginx (apt-get install -y wrk nginx-light), and for
# PostgreSQL psql with a server at $PGHOST (default 127.0.0.1, user postgres,
# trust auth: the database broadsheet_bench is dropped and made again).
# Loopback only; the load generator shares the machine's cores with the
# server, as nginx's does with nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-10000}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
ENGINES=${ENGINES:-sqlite postgres}
PGHOST=${PGHOST:-127.0.0.1}
for tool in wrk nginx curl go; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is needed (apt-get install -y wrk nginx-light)" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/broadsheet-bench.XXXXXX")
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
say() { printf '==> %s\n' "$*" >&2; }

say "building"
go build -o "$WORK/broadsheet" ./cmd/broadsheet
mkdir -p bench/results
OUT=${OUT:-bench/results/$(date -u +%Y-%m-%dT%H%M)-${ARTICLES}.md}
TABLE=$WORK/table.md
{
	echo "# Broadsheet under load: $ARTICLES generated stories, $CONNECTIONS connections, $DURATION each"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3), wrk on the same machine."
	echo
	echo "| engine | page | requests/s | p50 | p99 | errors | server peak RSS |"
	echo "|---|---|---:|---:|---:|---:|---:|"
} >"$TABLE"

# load NAME URL [LUA | gzip]: one wrk run; appends a row. Errors are
# non-2xx answers, socket errors and timeouts.
load() {
	local name=$1 url=$2 lua=${3:-} out
	out=$WORK/wrk.txt
	if [ "$lua" = gzip ]; then
		wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H 'Accept-Encoding: gzip' "$url" >"$out" 2>&1
	elif [ -n "$lua" ]; then
		wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$lua" "$url" >"$out" 2>&1
	else
		wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out" 2>&1
	fi
	local rps p50 p99 non2xx sock
	rps=$(awk '/Requests\/sec/ {print $2}' "$out")
	p50=$(awk '$1 == "50%" {print $2}' "$out")
	p99=$(awk '$1 == "99%" {print $2}' "$out")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$out")
	sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")
	echo "$rps" >"$WORK/last-rps"
	local rss=""
	if [ -n "${SERVER_PID:-}" ]; then
		rss=$(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$SERVER_PID/status")
	fi
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$ENGINE" "$name" "${rps:-?}" "${p50:-?}" "${p99:-?}" "$(( ${non2xx:-0} + ${sock:-0} ))" "$rss" | tee -a "$TABLE" >&2
}

free_port() { local p; while :; do p=$((20000 + RANDOM % 40000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

HOT_RPS=
HOT_GZ_RPS=
for ENGINE in $ENGINES; do
	DATA=$WORK/data-$ENGINE
	DB=()
	if [ "$ENGINE" = postgres ]; then
		command -v psql >/dev/null || { echo "bench: psql is needed for PostgreSQL" >&2; exit 2; }
		psql -h "$PGHOST" -U postgres -q -c 'DROP DATABASE IF EXISTS broadsheet_bench' -c 'CREATE DATABASE broadsheet_bench' postgres
		DB=(--database "postgres://postgres@$PGHOST:5432/broadsheet_bench?sslmode=disable")
	fi
	say "$ENGINE: the demo newsroom and $ARTICLES generated stories"
	start=$(date +%s)
	"$WORK/broadsheet" demo --articles "$ARTICLES" --data "$DATA" "${DB[@]}" >"$WORK/gen.txt"
	say "$ENGINE: generated in $(($(date +%s) - start))s"
	# The pictures' variants, made now rather than by the server's job
	# queue during the measurements.
	"$WORK/broadsheet" media verify --repair --data "$DATA" "${DB[@]}" >"$WORK/verify.txt" 2>&1 ||
		{ tail -3 "$WORK/verify.txt" >&2; exit 1; }
	PORT=$(free_port)
	BASE=http://127.0.0.1:$PORT
	"$WORK/broadsheet" serve --data "$DATA" "${DB[@]}" --addr "127.0.0.1:$PORT" --log-level warn >"$WORK/server-$ENGINE.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for _ in $(seq 1 300); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.2; done
	curl -fs -o "$WORK/home.html" "$BASE/"
	HOT=$(grep -oE 'class="lead-title"><a href="/[^"]+"' "$WORK/home.html" | head -1 | sed -E 's/.*href="//; s/"$//')
	# Stories spread over the archive: every 20th of the first sitemap.
	curl -fs "$BASE/sitemaps/articles-1.xml" | grep -oE '<loc>[^<]+</loc>' | sed -E "s|<loc>$BASE||; s|</loc>||" | awk 'NR % 20 == 0' | head -2000 >"$WORK/paths.txt"
	{
		echo 'local paths = {}'
		while read -r p; do printf 'paths[#paths + 1] = "%s"\n' "$p"; done <"$WORK/paths.txt"
		echo 'local i = 0'
		echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
	} >"$WORK/spread.lua"
	# A section's page far back: follow "Older" links 50 times.
	FAR=/news
	for _ in $(seq 1 50); do
		next=$(curl -fs "$BASE$FAR" | grep -oE 'href="/news\?before=[^"]+"' | head -1 | sed -E 's/^href="//; s/"$//; s/&amp;/\&/g') || true
		[ -n "$next" ] || break
		FAR=$next
	done
	# Warm the cache for the hot pages (the spread run is cold on purpose).
	for p in / /news "$HOT" "/search?q=lagos" /feed/rss; do curl -fs -o /dev/null "$BASE$p"; done
	load "home" "$BASE/"
	load "section" "$BASE/news"
	load "section, 50 pages back" "$BASE$FAR"
	load "story (hot)" "$BASE$HOT"
	[ "$ENGINE" = sqlite ] && HOT_RPS=$(cat "$WORK/last-rps") && curl -fs -o "$WORK/hot.html" "$BASE$HOT"
	load "story (hot), gzip" "$BASE$HOT" gzip
	[ "$ENGINE" = sqlite ] && HOT_GZ_RPS=$(cat "$WORK/last-rps") && curl -fs -H 'Accept-Encoding: gzip' -o "$WORK/hot.html.gz" "$BASE$HOT"
	load "stories ($(wc -l <"$WORK/paths.txt") spread)" "$BASE/" "$WORK/spread.lua"
	load "search" "$BASE/search?q=lagos+market"
	load "feed" "$BASE/feed/rss"
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
done

if [ -n "$HOT_RPS" ]; then
	say "nginx: the hot story's bytes as a static file"
	ENGINE=nginx
	mkdir -p "$WORK/nginx/root" "$WORK/nginx/tmp"
	cp "$WORK/hot.html" "$WORK/nginx/root/story.html"
	cp "$WORK/hot.html.gz" "$WORK/nginx/root/story.html.gz"
	chmod 755 "$WORK" "$WORK/nginx" "$WORK/nginx/root" && chmod 644 "$WORK/nginx/root/"* # nginx's workers are another user
	NPORT=$(free_port)
	cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $WORK/nginx/tmp;
	proxy_temp_path $WORK/nginx/tmp;
	fastcgi_temp_path $WORK/nginx/tmp;
	uwsgi_temp_path $WORK/nginx/tmp;
	scgi_temp_path $WORK/nginx/tmp;
	types { text/html html; }
	server { listen 127.0.0.1:$NPORT; root $WORK/nginx/root; gzip_static on; }
}
EOF
	nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
	PIDS+=($!)
	for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$NPORT/story.html" && break; sleep 0.1; done
	load "the hot story's bytes" "http://127.0.0.1:$NPORT/story.html"
	NGINX_RPS=$(cat "$WORK/last-rps")
	load "the hot story's bytes, gzip" "http://127.0.0.1:$NPORT/story.html" gzip
	NGINX_GZ_RPS=$(cat "$WORK/last-rps")
	echo >>"$TABLE"
	awk -v a="$HOT_RPS" -v b="$NGINX_RPS" -v c="$HOT_GZ_RPS" -v d="$NGINX_GZ_RPS" 'BEGIN {
		printf "Hot story on SQLite: %.0f requests/s; nginx with the same bytes: %.0f; ratio %.2f.\n", a, b, a / b
		printf "Gzip, as browsers ask: %.0f requests/s; nginx (gzip_static, the same gzip bytes): %.0f; ratio %.2f.\n", c, d, c / d }' | tee -a "$TABLE" >&2
fi
cp "$TABLE" "$OUT"
echo
cat "$TABLE"
echo
echo "written to $OUT"
