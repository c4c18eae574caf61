# Shared by run.sh and test.sh: a private PostgreSQL server in a folder of ours.
# Source it; then: pg_start <data-dir> <port>, pg_stop <data-dir>, pg_url <port> <db>.

pg_find_bin() {
  if command -v psql >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then return 0; fi
  local dir candidates=()
  # Where pg_ctl really lives first (links on the PATH may lack psql), then the usual install folders.
  if command -v pg_ctl >/dev/null 2>&1; then candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")"); fi
  for dir in "${candidates[@]}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/local/pgsql/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ]; then PATH="$dir:$PATH"; export PATH; return 0; fi
  done
  echo "PostgreSQL binaries (initdb, pg_ctl, psql) not found: install PostgreSQL 15+ or set CALLARO_PG to a connection string." >&2
  return 1
}

# Runs a PostgreSQL command as the postgres user when we are root (PostgreSQL refuses to run as root).
pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# PostgreSQL's buffer cache: a quarter of this machine's memory, between 128 MB and 1 GB (CALLARO_PG_SHARED_BUFFERS
# overrides). An upload's rows are read back right after they are written (file-wide rules, counts, the directory);
# with 256 MB a 1M-row upload no longer fit, and its counts read back evicted pages (bench/endtoend.sh).
pg_shared_buffers() {
  if [ -n "${CALLARO_PG_SHARED_BUFFERS:-}" ]; then echo "$CALLARO_PG_SHARED_BUFFERS"; return; fi
  local key kb=0 mb
  # Bash only (no awk needed); without /proc (not Linux) it falls back to 128 MB.
  if [ -r /proc/meminfo ]; then
    while read -r key kb _; do [ "$key" = "MemTotal:" ] && break; kb=0; done </proc/meminfo
  fi
  mb=$(( ${kb:-0} / 4096 ))
  if [ "$mb" -gt 1024 ]; then mb=1024; fi
  if [ "$mb" -lt 128 ]; then mb=128; fi
  echo "${mb}MB"
}

pg_start() {
  local data="$1" port="$2"
  # An existing data folder needs the major version that made it, whichever is newest here.
  if [ -s "$data/PG_VERSION" ] && [ -x "/usr/lib/postgresql/$(cat "$data/PG_VERSION")/bin/pg_ctl" ]; then
    PATH="/usr/lib/postgresql/$(cat "$data/PG_VERSION")/bin:$PATH"; export PATH
  fi
  pg_find_bin || return 1
  mkdir -p "$data"
  if [ "$(id -u)" = "0" ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "Running as root needs a 'postgres' system user to run PostgreSQL." >&2
      return 1
    fi
    chown postgres "$data"
    chmod 700 "$data"
    if ! runuser -u postgres -- test -x "$data"; then
      echo "The postgres user cannot reach $data: a parent folder is private (e.g. a clone under /root)." >&2
      echo "Make the parent folders traversable (chmod o+x), or point the state folder elsewhere: CALLARO_DATA_DIR for run.sh, CALLARO_TEST_DIR for test.sh (e.g. /tmp/callaro)." >&2
      return 1
    fi
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    echo "Initialising PostgreSQL in $data"
    pg_as_owner initdb -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$data/../initdb.log" 2>&1 \
      || pg_as_owner initdb -D "$data" -U postgres -A trust -E UTF8 >"$data/../initdb.log" 2>&1 \
      || { cat "$data/../initdb.log" >&2; return 1; }
  fi
  # A Unix socket next to the data folder as well as 127.0.0.1: the local silo and api reach PostgreSQL without
  # the TCP stack, which measurably cuts CPU on both sides when a million rows go through (bench/endtoend.sh).
  CALLARO_PG_SOCKET="$(pg_socket_dir "$data")"
  if [ -n "$CALLARO_PG_SOCKET" ]; then
    mkdir -p "$CALLARO_PG_SOCKET"
    if [ "$(id -u)" = "0" ]; then chown postgres "$CALLARO_PG_SOCKET"; fi
  fi
  if pg_as_owner pg_ctl -D "$data" status >/dev/null 2>&1; then
    echo "PostgreSQL already running in $data"
  else
    pg_as_owner pg_ctl -D "$data" -w -t 60 -l "$data/postgres.log" \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$CALLARO_PG_SOCKET' -c max_connections=500 -c shared_buffers=$(pg_shared_buffers) -c max_wal_size=2GB -c checkpoint_timeout=15min -c fsync=${CALLARO_PG_FSYNC:-on} ${CALLARO_PG_OPTIONS:-}" start >/dev/null \
      || { tail -n 30 "$data/postgres.log" >&2; return 1; }
  fi
}

pg_pid() { head -n 1 "$1/postmaster.pid" 2>/dev/null; }

pg_stop() {
  local data="$1"
  [ -s "$data/PG_VERSION" ] || return 0
  pg_as_owner pg_ctl -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# Creates database $3 on 127.0.0.1:$1 (user postgres) unless it exists.
pg_ensure_db() {
  local port="$1" db="$2"
  pg_find_bin || return 1
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE \"$db\"" >/dev/null
  fi
}

# The socket folder for a data folder: its sibling "sock", unless the path is too long for a socket address.
pg_socket_dir() {
  local dir
  dir="$(cd "$(dirname "$1")" && pwd)/sock"
  [ "${#dir}" -le 90 ] && echo "$dir"
  return 0
}

# Npgsql connection string for database $2 on port $1: through the Unix socket pg_start opened, else 127.0.0.1.
pg_url() {
  local host=127.0.0.1
  if [ -n "${CALLARO_PG_SOCKET:-}" ] && [ -S "$CALLARO_PG_SOCKET/.s.PGSQL.$1" ]; then host="$CALLARO_PG_SOCKET"; fi
  echo "Host=$host;Port=$1;Database=$2;Username=postgres;Maximum Pool Size=${CALLARO_PG_POOL:-60}"
}
