#!/usr/bin/env bash
# Load figures for the reader site: starts the demo newsroom on a temporary
# SQLite database (or on $BROADSHEET_DATABASE_URL) and measures the main pages
# with wrk (apt-get install wrk). Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
data=$(mktemp -d)
port=${PORT:-18080}
go build -o "$data/broadsheet" ./cmd/broadsheet
"$data/broadsheet" serve --demo --data "$data" --addr "127.0.0.1:$port" --log-level warn >"$data/out.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
article=$(curl -s "$base/" | grep -o 'class="lead-title"><a href="[^"]*"' | head -1 | sed 's/.*href="//; s/"$//')
for path in / /news "$article" /api/v1/articles; do
  printf '%-70s ' "$path"
  wrk -t2 -c20 -d"${DURATION:-5s}" "$base$path" | awk '/Requests\/sec/ {rps=$2} /Latency/ {lat=$2} END {printf "%8s req/s  mean latency %s\n", rps, lat}'
done
