# Sourced by bench/endtoend.sh and bench/silos.sh (from the repository root): the benchmark's own PostgreSQL
# (CALLARO_BENCH_DIR, CALLARO_BENCH_PG_PORT; stopped when the script exits) and Release builds of everything.
. scripts/pg.sh
DIR="${CALLARO_BENCH_DIR:-$(pwd)/.callaro-bench}"
PORT="${CALLARO_BENCH_PG_PORT:-55490}"
trap 'pg_stop "$DIR/pg"' EXIT
pg_start "$DIR/pg" "$PORT"
dotnet build Callaro.sln -c Release -nologo -v quiet
