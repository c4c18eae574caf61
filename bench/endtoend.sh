#!/usr/bin/env bash
# End-to-end upload benchmark: a private PostgreSQL, Release builds of silo and api, then
# bench/Callaro.Bench endtoend (first byte to STAGED vs psql \copy). Extra arguments pass through,
# e.g. bench/endtoend.sh --rows 1000000 --silos 2
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/prepare.sh
dotnet bench/Callaro.Bench/bin/Release/net10.0/Callaro.Bench.dll endtoend --pg "$(pg_url "$PORT" postgres)" "$@"
