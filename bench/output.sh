#!/usr/bin/env bash
# Output throughput: helr --output FILE and helr | cat >/dev/null, each with backpressure off and on
# (block, default limits), against curl fetching the same pages. Uses bench/FakeApi (see README.md).
# Usage: bash bench/output.sh   (PAGES, EVENTS_PER_PAGE, REPEATS, SKIP_BUILD as for run.sh)
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
PAGES="${PAGES:-200}"; EVENTS_PER_PAGE="${EVENTS_PER_PAGE:-1000}"; REPEATS="${REPEATS:-3}"
HELR="$REPO/dist/helr"; FAKEAPI_DLL="$BENCH_DIR/FakeApi/bin/Release/net10.0/FakeApi.dll"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/helr-bench-out.XXXXXX")"; FAKE_PID=""
trap '[[ -n "$FAKE_PID" ]] && kill "$FAKE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  dotnet build "$BENCH_DIR/FakeApi/FakeApi.csproj" -c Release -nologo -v q >/dev/null
  dotnet build "$REPO/Helr.sln" -c Release -nologo -v q >/dev/null
fi
dotnet "$FAKEAPI_DLL" --urls http://127.0.0.1:0 --pages "$PAGES" --events-per-page "$EVENTS_PER_PAGE" >"$WORK/api.out" 2>"$WORK/api.err" &
FAKE_PID=$!
for _ in $(seq 1 600); do [[ -s "$WORK/api.out" ]] && break; sleep 0.1; done
BASE="$(head -n1 "$WORK/api.out")"
now() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
URLS=("$BASE/api/v1/logs" -o /dev/null); for ((n = 1; n < PAGES; n++)); do URLS+=("$BASE/api/v1/logs?after=$n" -o /dev/null); done
BYTES=$(curl -sS -w '%{size_download}\n' "${URLS[@]}" | awk '{s+=$1} END {print s}')
times=(); for ((i = 0; i < REPEATS; i++)); do t0=$(now); curl -sS "${URLS[@]}"; t1=$(now); times+=($(( (t1 - t0) / 1000000 ))); done
CURL_MS=$(median "${times[@]}")
for bp in false true; do
  cat >"$WORK/bp-$bp.yaml" <<YAML
global:
  log_level: warn
  backpressure:
    enabled: $bp
sources:
  bench:
    url: $BASE/api/v1/logs
    pagination:
      strategy: link_header
      max_pages: 100000
YAML
done
run() { # $1 = backpressure, $2 = file|pipe ; prints ms
  local t0 t1
  rm -f "$WORK/out.ndjson"; t0=$(now)
  if [[ "$2" == file ]]; then "$HELR" run --once -c "$WORK/bp-$1.yaml" --output "$WORK/out.ndjson"
  else "$HELR" run --once -c "$WORK/bp-$1.yaml" | cat >/dev/null; fi
  t1=$(now); echo $(( (t1 - t0) / 1000000 ))
}
printf 'workload: %s pages x %s events, %s API bytes; curl median %s ms (%s MB/s)\n' "$PAGES" "$EVENTS_PER_PAGE" "$BYTES" "$CURL_MS" "$(awk -v b="$BYTES" -v t="$CURL_MS" 'BEGIN {printf "%.1f", b / 1e3 / t}')"
printf '%-28s %10s %10s %12s\n' "helr output" "median ms" "API MB/s" "ratio/curl"
for bp in false true; do for mode in file pipe; do
  run "$bp" "$mode" >/dev/null
  ts=(); for ((i = 0; i < REPEATS; i++)); do ts+=($(run "$bp" "$mode")); done
  ms=$(median "${ts[@]}")
  printf '%-28s %10s %10s %12s\n' "$mode backpressure=$bp" "$ms" "$(awk -v b="$BYTES" -v t="$ms" 'BEGIN {printf "%.1f", b / 1e3 / t}')" "$(awk -v c="$CURL_MS" -v t="$ms" 'BEGIN {printf "%.2f", c / t}')"
done; done
