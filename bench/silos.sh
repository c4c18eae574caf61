#!/usr/bin/env bash
# One silo against two on the same file and the same PostgreSQL, alternating runs of bench/endtoend:
#   bench/silos.sh [--rounds N] [endtoend options, e.g. --rows 1000000]
# One run each is too noisy to compare (first byte -> STAGED moves by about ±0.15 s from run to run on a
# 2-core machine), so this prints every run, then the median of each and their difference.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=5
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
case "$ROUNDS" in ''|*[!0-9]*|0) echo "--rounds takes a positive number" >&2; exit 64 ;; esac

. bench/prepare.sh

# Figures are printed with two decimals: compared as hundredths in plain bash (no awk or bc on a bare machine).
hundredths() { local v="${1/./}"; echo $((10#$v)); }
median() { local v; mapfile -t v < <(sort -n); local n=${#v[@]}; if ((n % 2)); then hundredths "${v[n / 2]}"; else echo $(( ($(hundredths "${v[n / 2 - 1]}") + $(hundredths "${v[n / 2]}")) / 2 )); fi; }
seconds() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }
peak_rss() { grep -F "| peak RSS " | sed -E 's/^\| peak RSS ([^ ]+) [^|]*\| ([0-9]+ MB).*/\1 \2/' | paste -sd, - | sed 's/,/, /g'; }
field() { grep -F "| $1 |" | head -1 | cut -d'|' -f3 | sed 's/^ *//; s/ *$//'; }

: > "$DIR/silos-1.txt"
: > "$DIR/silos-2.txt"
echo "| round | silos | first byte -> MAPPING | first byte -> STAGED | psql \\copy | ratio | CPU (silos + api) | PostgreSQL CPU | autovacuum runs | peak RSS | chunks per silo |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  for silos in 1 2; do
    if ! out=$(dotnet bench/Callaro.Bench/bin/Release/net10.0/Callaro.Bench.dll endtoend --pg "$(pg_url "$PORT" postgres)" --silos "$silos" ${args[@]+"${args[@]}"} 2>&1); then
      echo "$out" >&2
      exit 1
    fi
    staged=$(field "first byte -> STAGED" <<<"$out")
    echo "${staged%% s*}" >> "$DIR/silos-$silos.txt"
    echo "| $round | $silos | $(field "first byte -> MAPPING (server clock)" <<<"$out") | $staged | $(field 'psql \copy (same file)' <<<"$out") | $(field "ratio (client clock; server clock)" <<<"$out") | $(field "CPU used by silo(s) + api" <<<"$out") | $(field "CPU used by PostgreSQL / by this client sending the file" <<<"$out") | $(field "autovacuum / autoanalyze runs finished during the upload (counted in PostgreSQL's CPU)" <<<"$out") | $(peak_rss <<<"$out") | $(field "chunks per silo" <<<"$out") |"
  done
done

one=$(median < "$DIR/silos-1.txt")
two=$(median < "$DIR/silos-2.txt")
echo
change=$(( (two - one) * 1000 / one )) # per mille
sign=+
if ((change < 0)); then sign=-; change=$((-change)); fi
echo "median first byte -> STAGED: 1 silo $(seconds "$one") s, 2 silos $(seconds "$two") s (${sign}$((change / 10)).$((change % 10)) %)"
echo "two silos not slower (median): $( ((two <= one)) && echo PASS || echo FAIL)"
