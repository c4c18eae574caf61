#!/usr/bin/env bash
# Builds and runs the whole test suite against a throwaway PostgreSQL started here.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
CALLER_DIR="$(pwd)"
cd "$(dirname "$0")"
ROOT="$(pwd)"
. scripts/pg.sh
. scripts/web.sh

TEST_DIR="${CALLARO_TEST_DIR:-$ROOT/.callaro-test}"
case "$TEST_DIR" in /*) ;; *) TEST_DIR="$CALLER_DIR/$TEST_DIR" ;; esac
RESULTS="$TEST_DIR/results"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT="${CALLARO_TEST_PG_PORT:-55439}"
while ! port_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done

e2e_pids=()
cleanup() {
  local pid
  for pid in "${e2e_pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${e2e_pids[@]}"; do wait "$pid" 2>/dev/null; done
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

# The web console: built (typed from the served schema, so a schema change that breaks a screen fails here).
web_failed=0
if ! web_build "$ROOT" "$TEST_DIR/web-build.log"; then
  echo "The web console did not build: see $TEST_DIR/web-build.log."
  web_failed=1
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

# The console's unit tests (vitest), then its browser tests (Playwright + Debian's chromium) against a real
# silo and api on this PostgreSQL, with the keys of scripts/e2e-keys.sh.
# GET /health answers 200? (bash only: curl may not be installed)
health_ok() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ "$status" == *" 200 "* ]]
  ) 2>/dev/null
}
free_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
run_web_tests() {
  (cd "$ROOT/web" && npx vitest run --reporter=default --reporter=json --outputFile="$RESULTS/vitest.json") || true
  local chromium
  if ! chromium="$(web_chromium)"; then
    echo "Chromium could not be installed (apt-get install chromium): the browser tests cannot run."
    return 1
  fi
  pg_ensure_db "$PG_PORT" callaro_e2e
  local api_port silo_port gateway_port
  api_port=$(free_port 55480); silo_port=$(free_port 11311); gateway_port=$(free_port 30300)
  local logs="$TEST_DIR/e2e-logs"
  mkdir -p "$logs"
  (
    . "$ROOT/scripts/e2e-keys.sh"
    export Callaro__Postgres="$(pg_url "$PG_PORT" callaro_e2e)" DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
    export Callaro__RateLimits__MutationsPerMinute=100000 Callaro__RateLimits__UploadsPerMinute=10000
    cd "$ROOT/silo/bin/Debug/net10.0" && exec env Callaro__SiloPort="$silo_port" Callaro__GatewayPort="$gateway_port" dotnet Callaro.Silo.dll
  ) >"$logs/silo.log" 2>&1 &
  e2e_pids+=($!)
  (
    . "$ROOT/scripts/e2e-keys.sh"
    export Callaro__Postgres="$(pg_url "$PG_PORT" callaro_e2e)" DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
    export Callaro__RateLimits__MutationsPerMinute=100000 Callaro__RateLimits__UploadsPerMinute=10000
    export Callaro__Console__Path="$ROOT/web/dist"
    cd "$ROOT/api/bin/Debug/net10.0" && exec env ASPNETCORE_URLS="http://localhost:$api_port" dotnet Callaro.Api.dll
  ) >"$logs/api.log" 2>&1 &
  e2e_pids+=($!)
  local healthy=""
  for _ in $(seq 1 120); do
    if health_ok "$api_port"; then healthy=1; break; fi
    sleep 1
  done
  if [ -z "$healthy" ]; then
    echo "The browser tests' silo and api did not become healthy; see $logs."
    return 1
  fi
  (cd "$ROOT/web" && CALLARO_E2E_URL="http://localhost:$api_port" CALLARO_CHROMIUM="$chromium" CALLARO_E2E_REPORT="$RESULTS/e2e.json" \
    CALLARO_E2E_SCREENSHOTS="$ROOT/web/e2e/screenshots" npx playwright test) || true
}
web_env_failed=0
if [ "$web_failed" -eq 0 ]; then
  echo "Running the web console's tests..."
  run_web_tests || web_env_failed=1
fi

passed=0
failed=$((web_failed + web_env_failed))
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
# vitest: numPassedTests / numFailedTests; Playwright: stats.expected / unexpected (+ flaky, skipped: neither is a pass).
for json in "$RESULTS/vitest.json" "$RESULTS/e2e.json"; do
  [ "$web_failed" -eq 0 ] || break
  if [ ! -s "$json" ]; then echo "No results in $json: the web tests did not run."; failed=$((failed + 1)); continue; fi
  read -r p f < <(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (r.stats) console.log(r.stats.expected, r.stats.unexpected + r.stats.flaky + r.stats.skipped + (r.errors?.length ?? 0));
    else console.log(r.numPassedTests, r.numFailedTests + r.numPendingTests + (r.success === false && r.numFailedTests === 0 ? 1 : 0));' "$json")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-1}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
