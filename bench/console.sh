#!/usr/bin/env bash
# The web console's figures: initial JavaScript (gzipped, budget 250 KB), the campaign list with 1,000 campaigns,
# and a big upload through the Audience step in Debian's chromium (progress updates, page responsiveness).
#   bench/console.sh [--rows 1000000] [--campaigns 1000]
# Its own PostgreSQL, a Release silo and api (bench/prepare.sh); the file comes from Callaro.Bench generate.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=1000000
CAMPAIGNS=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --campaigns) CAMPAIGNS="$2"; shift 2 ;;
    *) echo "unknown option $1 (--rows N, --campaigns N)" >&2; exit 64 ;;
  esac
done
. scripts/web.sh
mkdir -p "${CALLARO_BENCH_DIR:-$(pwd)/.callaro-bench}"
web_build "$(pwd)" "${CALLARO_BENCH_DIR:-$(pwd)/.callaro-bench}/web-build.log"
(cd web && node bench/initial-js.mjs) || true

. bench/prepare.sh
CHROMIUM="$(web_chromium)"
FILE="$DIR/console-$ROWS.csv"
[ -s "$FILE" ] || dotnet bench/Callaro.Bench/bin/Release/net10.0/Callaro.Bench.dll generate --out "$FILE" --rows "$ROWS"

pg_ensure_db "$PORT" callaro_console_bench
DB="$(pg_url "$PORT" callaro_console_bench)"
HTTP_PORT=55581
pids=()
stop() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null; pg_stop "$DIR/pg"; }
trap stop EXIT
export Callaro__Postgres="$DB" DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
export Callaro__RateLimits__MutationsPerMinute=100000 Callaro__Console__Path="$(pwd)/web/dist"
(cd silo/bin/Release/net10.0 && exec env Callaro__SiloPort=11511 Callaro__GatewayPort=30511 DOTNET_ReadyToRun=0 dotnet Callaro.Silo.dll) >"$DIR/console-silo.log" 2>&1 &
pids+=($!)
(cd api/bin/Release/net10.0 && exec env ASPNETCORE_URLS="http://localhost:$HTTP_PORT" dotnet Callaro.Api.dll) >"$DIR/console-api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT" && printf 'GET /health HTTP/1.0\r\n\r\n' >&3 && IFS= read -r -t 5 s <&3 && [[ "$s" == *" 200 "* ]]) 2>/dev/null; then break; fi
  sleep 1
done
(cd web && CALLARO_CHROMIUM="$CHROMIUM" node bench/console-bench.mjs --url "http://localhost:$HTTP_PORT" --key dev-key-callaro-local --file "$FILE" --campaigns "$CAMPAIGNS")
