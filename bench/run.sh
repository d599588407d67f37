#!/usr/bin/env bash
# Helr throughput benchmark: one-shot collection of 200 pages x 1,000 Okta-shaped events
# from a local fake API, compared against a curl "ceiling" fetching the same bytes.
#
# Usage: bash bench/run.sh
# Environment knobs:
#   REPEATS=3        timed runs per measurement (median is reported)
#   WARMUP=1         untimed warm-up runs per measurement before the timed ones
#   SKIP_BUILD=1     do not build FakeApi / Helr.sln (use what is already built)
#   CURL_ONLY=1      measure only the curl ceiling (no Helr run)
#   HELR=path        Helr executable to benchmark (default: <repo>/dist/helr)
#   PAGES=200 EVENTS_PER_PAGE=1000   fake API shape (the line-count check uses PAGES*EVENTS_PER_PAGE)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="$BENCH_DIR/out"
RESULTS="$OUT_DIR/results.txt"
REPEATS="${REPEATS:-3}"
WARMUP="${WARMUP:-1}"
PAGES="${PAGES:-200}"
EVENTS_PER_PAGE="${EVENTS_PER_PAGE:-1000}"
EXPECTED_EVENTS=$((PAGES * EVENTS_PER_PAGE))
HELR="${HELR:-$REPO/dist/helr}"
FAKEAPI_DLL="$BENCH_DIR/FakeApi/bin/Release/net10.0/FakeApi.dll"

die() { echo "bench: ERROR: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/helr-bench.XXXXXX")"
FAKE_PID=""
cleanup() {
  if [[ -n "$FAKE_PID" ]] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------- prerequisites
command -v dotnet >/dev/null || die "dotnet not found on PATH"
command -v curl >/dev/null || die "curl not found on PATH"
if [[ "${CURL_ONLY:-0}" != 1 && ! -x /usr/bin/time ]]; then
  log "/usr/bin/time missing; installing the Debian package 'time'"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
  [[ -x /usr/bin/time ]] || die "could not install /usr/bin/time"
fi

# ---------------------------------------------------------------- build
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building FakeApi (Release)"
  dotnet build "$BENCH_DIR/FakeApi/FakeApi.csproj" -c Release -nologo -v q >"$WORK/build-fakeapi.log" 2>&1 \
    || { cat "$WORK/build-fakeapi.log" >&2; die "FakeApi build failed"; }
  if [[ "${CURL_ONLY:-0}" != 1 ]]; then
    log "building Helr.sln (Release) -> dist/"
    dotnet build "$REPO/Helr.sln" -c Release -nologo -v q >"$WORK/build-helr.log" 2>&1 \
      || { cat "$WORK/build-helr.log" >&2; die "Helr build failed"; }
  fi
fi
[[ -f "$FAKEAPI_DLL" ]] || die "FakeApi not built: $FAKEAPI_DLL"
if [[ "${CURL_ONLY:-0}" != 1 ]]; then
  [[ -x "$HELR" ]] || die "$HELR not found or not executable (did the Helr.sln build produce dist/?)"
fi

# ---------------------------------------------------------------- fake API
log "starting fake API ($PAGES pages x $EVENTS_PER_PAGE events)"
dotnet "$FAKEAPI_DLL" --urls http://127.0.0.1:0 --pages "$PAGES" --events-per-page "$EVENTS_PER_PAGE" \
  >"$WORK/fakeapi.out" 2>"$WORK/fakeapi.err" &
FAKE_PID=$!
for _ in $(seq 1 600); do
  [[ -s "$WORK/fakeapi.out" ]] && break
  kill -0 "$FAKE_PID" 2>/dev/null || { cat "$WORK/fakeapi.err" >&2; die "fake API exited during startup"; }
  sleep 0.1
done
BASE="$(head -n1 "$WORK/fakeapi.out")"
[[ "$BASE" == http://* ]] || { cat "$WORK/fakeapi.err" >&2; die "fake API did not print its base URL (got '$BASE')"; }
log "fake API at $BASE  ($(cat "$WORK/fakeapi.err"))"

# ---------------------------------------------------------------- helpers
now_ns() { date +%s%N; }
# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.3f", a / b }'; }

# ---------------------------------------------------------------- (a) curl ceiling
# One curl invocation, all pages sequentially over one keep-alive connection.
CURL_ARGS=("$BASE/api/v1/logs" -o /dev/null)
for ((n = 1; n < PAGES; n++)); do CURL_ARGS+=("$BASE/api/v1/logs?after=$n" -o /dev/null); done

curl_once() { # prints "<seconds> <bytes>"
  local t0 t1
  t0=$(now_ns)
  curl -sS --fail -w '%{size_download}\n' "${CURL_ARGS[@]}" >"$WORK/curl.sizes" || die "curl failed"
  t1=$(now_ns)
  local n bytes
  n=$(wc -l <"$WORK/curl.sizes")
  [[ "$n" -eq "$PAGES" ]] || die "curl fetched $n responses, expected $PAGES"
  bytes=$(awk '{s += $1} END {printf "%d", s}' "$WORK/curl.sizes")
  echo "$(awk -v d=$((t1 - t0)) 'BEGIN {printf "%.6f", d / 1e9}') $bytes"
}

for ((i = 0; i < WARMUP; i++)); do res=$(curl_once); done
CURL_TIMES=(); API_BYTES=0
for ((i = 1; i <= REPEATS; i++)); do
  res=$(curl_once)
  read -r secs bytes <<<"$res"
  CURL_TIMES+=("$secs"); API_BYTES=$bytes
  log "curl run $i: ${secs}s, $bytes bytes"
done
CURL_MED=$(median "${CURL_TIMES[@]}")
CURL_MBS=$(fdiv "$(fdiv "$API_BYTES" 1000000)" "$CURL_MED")

# (a2) the same fetch with the bodies written to a new file, as helr writes its output: a
# reference for what a file costs on this disk and memory (bench/README.md, "Results").
CURL_FILE="$WORK/curl-output"
CURL_PLAIN_ARGS=()
for ((n = 0; n < ${#CURL_ARGS[@]}; n += 3)); do CURL_PLAIN_ARGS+=("${CURL_ARGS[n]}"); done
curl_file_once() { # prints "<seconds>"
  rm -f "$CURL_FILE"
  local t0 t1 bytes
  t0=$(now_ns)
  curl -sS --fail "${CURL_PLAIN_ARGS[@]}" >"$CURL_FILE" || die "curl (to a file) failed"
  t1=$(now_ns)
  bytes=$(stat -c %s "$CURL_FILE")
  [[ "$bytes" -eq "$API_BYTES" ]] || die "curl wrote $bytes bytes to a file, expected $API_BYTES"
  rm -f "$CURL_FILE"
  awk -v d=$((t1 - t0)) 'BEGIN {printf "%.6f", d / 1e9}'
}
CURL_FILE_TIMES=()
for ((i = 1; i <= REPEATS; i++)); do
  CURL_FILE_TIMES+=("$(curl_file_once)")
  log "curl to a file run $i: ${CURL_FILE_TIMES[-1]}s"
done
CURL_FILE_MED=$(median "${CURL_FILE_TIMES[@]}")
CURL_FILE_MBS=$(fdiv "$(fdiv "$API_BYTES" 1000000)" "$CURL_FILE_MED")

# ---------------------------------------------------------------- (b) helr run --once
HELR_TIMES=(); HELR_RSS=(); HELR_OUTBYTES=(); HELR_CPU=(); HELR_EVENTS=""
if [[ "${CURL_ONLY:-0}" != 1 ]]; then
  CONFIG="$WORK/helr-bench.yaml"
  cat >"$CONFIG" <<EOF
global:
  log_level: warn
  state:
    backend: memory
sources:
  bench:
    type: generic
    url: $BASE/api/v1/logs
    pagination:
      strategy: link_header
      max_pages: 1000
EOF
  OUTFILE="$WORK/helr-output.ndjson"

  # usage: helr_once [config] [expected lines]
  helr_once() { # prints "<seconds> <peak_rss_kb> <events> <output_bytes> <cpu_user+sys_seconds>"
    local config="${1:-$CONFIG}" expected="${2:-$EXPECTED_EVENTS}"
    rm -f "$OUTFILE"
    local t0 t1 rc=0
    t0=$(now_ns)
    /usr/bin/time -v -o "$WORK/time.txt" \
      "$HELR" run --once --config "$config" --output "$OUTFILE" >"$WORK/helr.stdout" 2>"$WORK/helr.stderr" || rc=$?
    t1=$(now_ns)
    if [[ $rc -ne 0 ]]; then
      {
        echo "---- helr exit code: $rc"
        echo "---- command: $HELR run --once --config $config --output $OUTFILE"
        echo "---- config:"; cat "$config"
        echo "---- helr stdout (last 50 lines):"; tail -n 50 "$WORK/helr.stdout"
        echo "---- helr stderr (last 100 lines):"; tail -n 100 "$WORK/helr.stderr"
      } >&2
      die "helr run failed"
    fi
    [[ -f "$OUTFILE" ]] || die "helr exited 0 but wrote no output file $OUTFILE"
    local events bytes rss cpu
    events=$(wc -l <"$OUTFILE")
    bytes=$(stat -c %s "$OUTFILE")
    rss=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    cpu=$(awk -F': *' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$WORK/time.txt")
    if [[ "$events" -ne "$expected" ]]; then
      {
        echo "---- helr stderr (last 50 lines):"; tail -n 50 "$WORK/helr.stderr"
        echo "---- first output line:"; head -c 600 "$OUTFILE"; echo
      } >&2
      die "helr wrote $events lines, expected exactly $expected"
    fi
    echo "$(awk -v d=$((t1 - t0)) 'BEGIN {printf "%.6f", d / 1e9}') $rss $events $bytes $cpu"
  }

  for ((i = 0; i < WARMUP; i++)); do res=$(helr_once); done
  for ((i = 1; i <= REPEATS; i++)); do
    res=$(helr_once)
    read -r secs rss events obytes cpu <<<"$res"
    HELR_TIMES+=("$secs"); HELR_RSS+=("$rss"); HELR_OUTBYTES+=("$obytes"); HELR_CPU+=("$cpu"); HELR_EVENTS=$events
    log "helr run $i: ${secs}s, $events events, $obytes output bytes, peak RSS ${rss} KB, CPU ${cpu}s"
  done

  # The fixed cost: the same run stopped after the first page (start-up, plugins, config, one request).
  # Subtracting it gives the data phase alone, which start-up no longer hides.
  ONE_PAGE_CONFIG="$WORK/helr-one-page.yaml"
  sed 's/max_pages: 1000/max_pages: 1/' "$CONFIG" >"$ONE_PAGE_CONFIG"
  ONE_PAGE_TIMES=()
  for ((i = 1; i <= REPEATS; i++)); do
    read -r secs _ <<<"$(helr_once "$ONE_PAGE_CONFIG" "$EVENTS_PER_PAGE")"
    ONE_PAGE_TIMES+=("$secs")
  done

  # The cost of durability: the same run with global.output.sync: false (no fdatasync per write batch).
  NOSYNC_CONFIG="$WORK/helr-nosync.yaml"
  sed 's/^  log_level: warn$/  log_level: warn\n  output:\n    sync: false/' "$CONFIG" >"$NOSYNC_CONFIG"
  NOSYNC_TIMES=()
  for ((i = 1; i <= REPEATS; i++)); do
    read -r secs _ <<<"$(helr_once "$NOSYNC_CONFIG")"
    NOSYNC_TIMES+=("$secs")
    log "helr run $i with output.sync false: ${secs}s"
  done
fi

# ---------------------------------------------------------------- report
{
  echo "Helr benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(uname -srm), $(nproc) CPU(s), dotnet $(dotnet --version)"
  echo "workload: $PAGES pages x $EVENTS_PER_PAGE events = $EXPECTED_EVENTS events, API payload $API_BYTES bytes ($(fdiv "$API_BYTES" "$EXPECTED_EVENTS") B/event)"
  echo "runs: $REPEATS timed (+$WARMUP warm-up) per measurement; median reported. MB = 10^6 bytes, RSS MiB = 2^20 bytes"
  echo
  echo "curl ceiling times (s):   ${CURL_TIMES[*]}"
  echo "curl to a file times (s): ${CURL_FILE_TIMES[*]}"
  if [[ ${#HELR_TIMES[@]} -gt 0 ]]; then
    echo "helr wall times (s):      ${HELR_TIMES[*]}"
    echo "helr peak RSS (KB):       ${HELR_RSS[*]}"
    echo "helr output bytes:        ${HELR_OUTBYTES[*]}"
    echo "helr CPU user+sys (s):    ${HELR_CPU[*]}"
    echo "helr one-page runs (s):   ${ONE_PAGE_TIMES[*]}"
    echo "helr sync: false runs (s): ${NOSYNC_TIMES[*]}"
  fi
  echo
  printf '%-34s %s\n' "metric" "value"
  printf '%-34s %s\n' "----------------------------------" "------------"
  printf '%-34s %s\n' "curl ceiling wall time (s)" "$CURL_MED"
  printf '%-34s %s\n' "curl ceiling MB/s" "$CURL_MBS"
  printf '%-34s %s\n' "curl to a file wall time (s)" "$CURL_FILE_MED"
  printf '%-34s %s\n' "curl to a file MB/s" "$CURL_FILE_MBS"
  if [[ ${#HELR_TIMES[@]} -gt 0 ]]; then
    HELR_MED=$(median "${HELR_TIMES[@]}")
    RSS_MED_KB=$(median "${HELR_RSS[@]}")
    OUT_MED=$(median "${HELR_OUTBYTES[@]}")
    HELR_API_MBS=$(fdiv "$(fdiv "$API_BYTES" 1000000)" "$HELR_MED")
    HELR_OUT_MBS=$(fdiv "$(fdiv "$OUT_MED" 1000000)" "$HELR_MED")
    printf '%-34s %s\n' "helr wall time (s)" "$HELR_MED"
    printf '%-34s %s\n' "helr events" "$HELR_EVENTS"
    printf '%-34s %s\n' "helr events/s" "$(awk -v e="$HELR_EVENTS" -v t="$HELR_MED" 'BEGIN {printf "%.0f", e / t}')"
    printf '%-34s %s\n' "helr MB/s (API bytes/s)" "$HELR_API_MBS"
    printf '%-34s %s\n' "helr MB/s (output bytes/s)" "$HELR_OUT_MBS"
    printf '%-34s %s\n' "ratio helr/curl (API MB/s)" "$(fdiv "$HELR_API_MBS" "$CURL_MBS")"
    printf '%-34s %s\n' "ratio helr/curl to a file" "$(fdiv "$HELR_API_MBS" "$CURL_FILE_MBS")"
    printf '%-34s %s\n' "helr CPU user+sys (s)" "$(median "${HELR_CPU[@]}")"
    printf '%-34s %s\n' "helr wall time, sync: false (s)" "$(median "${NOSYNC_TIMES[@]}")"
    printf '%-34s %s\n' "helr peak RSS (MiB)" "$(awk -v k="$RSS_MED_KB" 'BEGIN {printf "%.1f", k / 1024}')"
    ONE_MED=$(median "${ONE_PAGE_TIMES[@]}")
    DATA_SECS=$(awk -v a="$HELR_MED" -v b="$ONE_MED" 'BEGIN {printf "%.6f", a - b}')
    printf '%-34s %s\n' "helr one-page run (s)" "$ONE_MED"
    printf '%-34s %s\n' "helr data phase (s)" "$DATA_SECS"
    DATA_MBS=$(fdiv "$(fdiv "$(awk -v b="$API_BYTES" -v p="$PAGES" 'BEGIN {printf "%d", b * (p - 1) / p}')" 1000000)" "$DATA_SECS")
    printf '%-34s %s\n' "helr data phase MB/s" "$DATA_MBS"
    printf '%-34s %s\n' "ratio data phase/curl" "$(fdiv "$DATA_MBS" "$CURL_MBS")"
    printf '%-34s %s\n' "ratio data phase/curl to a file" "$(fdiv "$DATA_MBS" "$CURL_FILE_MBS")"
  fi
} | tee "$RESULTS"
log "results written to $RESULTS"
