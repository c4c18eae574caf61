#!/usr/bin/env bash
# End-to-end upload benchmark: a private PostgreSQL, Release builds of silo and api, then
# bench/Callaro.Bench endtoend (first byte to STAGED vs psql \copy). Extra arguments pass through,
# e.g. bench/endtoend.sh --rows 1000000 --silos 2
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
DIR="${CALLARO_BENCH_DIR:-$(pwd)/.callaro-bench}"
PORT="${CALLARO_BENCH_PG_PORT:-55490}"
trap 'pg_stop "$DIR/pg"' EXIT
pg_start "$DIR/pg" "$PORT"
dotnet build Callaro.sln -c Release -nologo -v quiet
dotnet bench/Callaro.Bench/bin/Release/net10.0/Callaro.Bench.dll endtoend --pg "$(pg_url "$PORT" postgres)" "$@"
