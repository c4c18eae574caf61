#!/usr/bin/env bash
# Runs Callaro locally: PostgreSQL (unless CALLARO_PG is given), the schema, silo(s) and the api.
# Ctrl-C or SIGTERM stops everything it started.
set -euo pipefail
CALLER_DIR="$(pwd)"
cd "$(dirname "$0")"
ROOT="$(pwd)"
. scripts/pg.sh
. scripts/web.sh

# A relative CALLARO_DATA_DIR is where the caller stands, as for any command; the default is in the repository.
DATA_DIR="${CALLARO_DATA_DIR:-$ROOT/.callaro}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$CALLER_DIR/$DATA_DIR" ;; esac
mkdir -p "$DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"
HTTP_PORT="${CALLARO_HTTP_PORT:-5080}"
# Loopback only by default (IPv4 and IPv6): Development ships a well-known key.
HTTP_HOST="${CALLARO_HTTP_HOST:-localhost}"
SILOS="${CALLARO_SILOS:-1}"
PG_PORT="${CALLARO_PG_PORT:-55432}"
SILO_PORT_BASE="${CALLARO_SILO_PORT:-11111}"
GATEWAY_PORT_BASE="${CALLARO_GATEWAY_PORT:-30000}"
ENVIRONMENT="${CALLARO_ENVIRONMENT:-Development}"
DEV_KEY="dev-key-callaro-local"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

started_pg=""
children=()

# GET http://127.0.0.1:$1$2 answers 200? (bash only: curl may not be installed)
http_ok() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
    IFS= read -r -t 5 status <&3 || exit 1
    [[ "$status" == *" 200 "* ]]
  ) 2>/dev/null
}

if ! [[ "$SILOS" =~ ^[1-9][0-9]*$ ]]; then
  echo "CALLARO_SILOS must be a whole number, at least 1 (got '$SILOS')." >&2
  exit 2
fi

# One run per state folder: a second one would share the first one's PostgreSQL, and stop it when it ends.
running=()
for pidfile in "$RUN_DIR"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qaE "Callaro|postgres" "/proc/$pid/cmdline" 2>/dev/null; then
    running+=("$(basename "$pidfile" .pid) (pid $pid)")
  fi
done
if [ ${#running[@]} -gt 0 ]; then
  echo "Callaro is already running from $DATA_DIR: ${running[*]}." >&2
  echo "Stop it first (Ctrl-C where it runs, or kill those pids), or use another CALLARO_DATA_DIR and other ports." >&2
  exit 2
fi

# Silo ports are opened for reuse: a second cluster on the same ports would not fail, it would share them.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
busy=()
if port_busy "$HTTP_PORT"; then busy+=("$HTTP_PORT (api, CALLARO_HTTP_PORT)"); fi
for i in $(seq 1 "$SILOS"); do
  if port_busy $((SILO_PORT_BASE + i - 1)); then busy+=("$((SILO_PORT_BASE + i - 1)) (silo $i, CALLARO_SILO_PORT)"); fi
  if port_busy $((GATEWAY_PORT_BASE + i - 1)); then busy+=("$((GATEWAY_PORT_BASE + i - 1)) (gateway $i, CALLARO_GATEWAY_PORT)"); fi
done
if [ ${#busy[@]} -gt 0 ]; then
  echo "Ports already in use: ${busy[*]}. Another Callaro, or something else, listens there: choose other ports." >&2
  exit 2
fi

# Running, not merely exited and waiting to be reaped (kill -0 succeeds on a zombie).
alive() { kill -0 "$1" 2>/dev/null && ! grep -q ') Z ' "/proc/$1/stat" 2>/dev/null; }

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping Callaro..."
  local pid
  for ((i=${#children[@]}-1; i>=0; i--)); do
    pid="${children[$i]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${children[@]}"; do
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$RUN_DIR"/api.pid "$RUN_DIR"/silo-*.pid
  if [ -n "$started_pg" ]; then
    pg_stop "$DATA_DIR/pg"
    rm -f "$RUN_DIR/postgres.pid"
  fi
  echo "Stopped."
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

if [ -z "${CALLARO_PG:-}" ]; then
  # Marked before it starts: a Ctrl-C while PostgreSQL starts (or recovers) still stops it.
  started_pg=1
  pg_start "$DATA_DIR/pg" "$PG_PORT"
  pg_pid "$DATA_DIR/pg" >"$RUN_DIR/postgres.pid"
  pg_ensure_db "$PG_PORT" callaro
  CALLARO_PG="$(pg_url "$PG_PORT" callaro)"
fi

# The web console, rebuilt only when its sources changed (npm ci first on a fresh checkout).
web_build "$ROOT" "$LOG_DIR/web-build.log" || { echo "The web console did not build; see $LOG_DIR/web-build.log." >&2; exit 1; }

echo "Building Callaro..."
dotnet build "$ROOT/Callaro.sln" -c Release -nologo -v quiet --disable-build-servers >"$LOG_DIR/build.log" 2>&1 \
  || { tail -n 40 "$LOG_DIR/build.log" >&2; exit 1; }

# Logs are appended (a crash's log survives the next start), each start marked.
for log in $(seq -f "silo-%g.log" 1 "$SILOS") api.log; do echo "=== run.sh started $(date -u +%Y-%m-%dT%H:%M:%SZ) ===" >>"$LOG_DIR/$log"; done

export Callaro__Postgres="$CALLARO_PG"
export DOTNET_ENVIRONMENT="$ENVIRONMENT" ASPNETCORE_ENVIRONMENT="$ENVIRONMENT"

for i in $(seq 1 "$SILOS"); do
  (
    cd "$ROOT/silo/bin/Release/net10.0"
    # DOTNET_ReadyToRun=0: see silo/Callaro.Silo.csproj (framework code JIT-optimised like ours; env-only setting).
    exec env Callaro__SiloPort=$((SILO_PORT_BASE + i - 1)) Callaro__GatewayPort=$((GATEWAY_PORT_BASE + i - 1)) \
      DOTNET_ReadyToRun="${DOTNET_ReadyToRun:-0}" dotnet Callaro.Silo.dll >>"$LOG_DIR/silo-$i.log" 2>&1
  ) &
  children+=($!)
  echo $! >"$RUN_DIR/silo-$i.pid"
  # The first silo applies the schema; later ones join once it is up.
  if [ "$i" = "1" ]; then sleep 2; fi
done

(
  cd "$ROOT/api/bin/Release/net10.0"
  exec env ASPNETCORE_URLS="http://$HTTP_HOST:$HTTP_PORT" Callaro__Console__Path="${Callaro__Console__Path:-$ROOT/web/dist}" dotnet Callaro.Api.dll >>"$LOG_DIR/api.log" 2>&1
) &
children+=($!)
echo $! >"$RUN_DIR/api.pid"

echo "Waiting for the cluster..."
healthy=""
for _ in $(seq 1 120); do
  for pid in "${children[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A Callaro process exited during start; see $LOG_DIR:" >&2
      tail -n 20 "$LOG_DIR"/silo-*.log "$LOG_DIR/api.log" >&2 || true
      exit 1
    fi
  done
  if http_ok "$HTTP_PORT" /health; then healthy=1; break; fi
  sleep 1
done
if [ -z "$healthy" ]; then
  echo "Callaro did not become healthy in 120 s; see $LOG_DIR." >&2
  exit 1
fi

cat <<INFO

Callaro is running ($SILOS silo(s), data in $DATA_DIR).
  Console:    http://localhost:$HTTP_PORT/   (sign in with an API key)
  GraphQL:    http://localhost:$HTTP_PORT/graphql
  Health:     http://localhost:$HTTP_PORT/health
  Dashboard:  http://localhost:$HTTP_PORT/dashboard/   (user: anything, password: the API key)
  Logs:       $LOG_DIR
INFO
if [ "$ENVIRONMENT" = "Development" ]; then
  cat <<INFO
  Dev API key (org 'dev', every role): $DEV_KEY

  curl -s http://localhost:$HTTP_PORT/graphql -H 'Authorization: Bearer $DEV_KEY' \\
       -H 'Content-Type: application/json' -d '{"query":"{ viewer { orgId userId roles } }"}'
INFO
fi
echo
echo "Press Ctrl-C to stop."

pg_watch="$(cat "$RUN_DIR/postgres.pid" 2>/dev/null || true)"
while true; do
  for pid in "${children[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A Callaro process (pid $pid) stopped; see $LOG_DIR." >&2
      exit 1
    fi
  done
  if [ -n "$pg_watch" ] && ! kill -0 "$pg_watch" 2>/dev/null; then
    echo "PostgreSQL (pid $pg_watch) stopped; see $DATA_DIR/pg/postgres.log." >&2
    exit 1
  fi
  sleep 2 &
  wait $! || true
done
