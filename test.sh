#!/usr/bin/env bash
# Builds and runs the whole test suite against a throwaway PostgreSQL started here.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
CALLER_DIR="$(pwd)"
cd "$(dirname "$0")"
ROOT="$(pwd)"
. scripts/pg.sh

TEST_DIR="${CALLARO_TEST_DIR:-$ROOT/.callaro-test}"
case "$TEST_DIR" in /*) ;; *) TEST_DIR="$CALLER_DIR/$TEST_DIR" ;; esac
RESULTS="$TEST_DIR/results"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT="${CALLARO_TEST_PG_PORT:-55439}"
while ! port_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done

cleanup() {
  pg_stop "$TEST_DIR/pg"
}
trap cleanup EXIT

# The folder is wiped on every run: refuse one that test.sh did not make (CALLARO_TEST_DIR=$HOME would be a disaster).
if [ -d "$TEST_DIR" ] && [ "$TEST_DIR" != "$ROOT/.callaro-test" ] && [ ! -e "$TEST_DIR/.made-by-test-sh" ] && [ -n "$(ls -A "$TEST_DIR")" ]; then
  echo "CALLARO_TEST_DIR=$TEST_DIR is not empty and was not made by test.sh, which deletes it on every run: point it at a new folder." >&2
  echo "0 passed, 1 failed"
  exit 1
fi
pg_stop "$TEST_DIR/pg" 2>/dev/null
rm -rf "$TEST_DIR"
mkdir -p "$TEST_DIR" "$RESULTS"
touch "$TEST_DIR/.made-by-test-sh"
# Throwaway data: durability is not what these tests measure.
CALLARO_PG_FSYNC=off pg_start "$TEST_DIR/pg" "$PG_PORT" || { echo "0 passed, 1 failed"; exit 1; }
export CALLARO_TEST_PG="$(pg_url "$PG_PORT" postgres)"

echo "Building..."
if ! dotnet build "$ROOT/Callaro.sln" -c Debug -nologo -v quiet --disable-build-servers; then
  echo "Build failed."
  echo "0 passed, 1 failed"
  exit 1
fi

# In the background, so a SIGTERM (a cancelled CI job) stops the tests too, not only this script.
test_pid=""
stop_tests() {
  if [ -n "$test_pid" ]; then kill -TERM "$test_pid" 2>/dev/null; wait "$test_pid" 2>/dev/null; fi
  exit 143
}
trap stop_tests INT TERM
dotnet test "$ROOT/Callaro.sln" -c Debug --no-build -nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=normal" \
  --results-directory "$RESULTS" -- RunConfiguration.TestSessionTimeout=3600000 &
test_pid=$!
wait "$test_pid"
status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
  a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
