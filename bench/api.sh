#!/usr/bin/env bash
# API benchmark: a private PostgreSQL, Release builds of silo and api, then bench/Callaro.Bench api
# (campaignUpdated latency over 1,000 renames, 200 uploadStatusChanged subscribers on one upload,
# campaign detail query req/s with 20 clients). Extra arguments pass through,
# e.g. bench/api.sh --renames 2000 --subscribers 500 --rows 100000 --clients 40 --seconds 20
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
DIR="${CALLARO_BENCH_DIR:-$(pwd)/.callaro-bench}/api"
PORT="${CALLARO_BENCH_PG_PORT:-55491}"
trap 'pg_stop "$DIR/pg"' EXIT
pg_start "$DIR/pg" "$PORT"
# Only what runs (the tests need not compile for a benchmark).
for project in silo/Callaro.Silo.csproj api/Callaro.Api.csproj bench/Callaro.Bench/Callaro.Bench.csproj; do
  dotnet build "$project" -c Release -nologo -v quiet
done
dotnet bench/Callaro.Bench/bin/Release/net10.0/Callaro.Bench.dll api --pg "$(pg_url "$PORT" postgres)" "$@"
