#!/usr/bin/env bash
# Helr benchmark (issue #20): every case of the performance table in one run, Helr side by side with
# its curl reference on the same fake API pages, as ratios. See bench/README.md.
#
# Usage: bash bench/run.sh
# Knobs (environment):
#   CASES=main,sync,perpage,steady,pagesize,startup,tls,many   cases to run (default: all; tls needs openssl)
#   REPEATS=3        timed runs per measurement (median reported); start-up uses REPEATS+2
#   WARMUP=1         untimed warm-up runs per measurement
#   QUICK=1          one timed run, no warm-up (quick look; noisy)
#   SKIP_BUILD=1     do not build FakeApi / Helr.sln (use what is already built)
#   HELR=path        Helr executable (default: <repo>/dist/helr, built first); when given, Helr.sln
#                    is not built
#   OUT_DIR=dir      where results.txt and results.md go (default: bench/out)
#   HELR_BASE=path   a second build measured right after HELR in every round (A/B table at the end)
#   PAGES=200 EVENTS_PER_PAGE=1000   shape of the main case
#   SOURCES=1000     sources in the many-source case
#   IDLE_SETTLE=2    seconds the continuous many-source run idles before its RSS is read
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/out}"
REPEATS="${REPEATS:-3}"
WARMUP="${WARMUP:-1}"
if [[ "${QUICK:-0}" == 1 ]]; then REPEATS=1; WARMUP=0; fi
START_REPEATS=$((REPEATS + 2)); [[ "${QUICK:-0}" == 1 ]] && START_REPEATS=1
PAGES="${PAGES:-200}"
EVENTS_PER_PAGE="${EVENTS_PER_PAGE:-1000}"
SOURCES="${SOURCES:-1000}"
IDLE_SETTLE="${IDLE_SETTLE:-2}"
CASES="${CASES:-main,sync,perpage,steady,pagesize,startup,tls,many}"
HELR_GIVEN="${HELR:+1}"
HELR="${HELR:-$REPO/dist/helr}"
FAKEAPI_DLL="$BENCH_DIR/FakeApi/bin/Release/net10.0/FakeApi.dll"
HTTPFLOOR_DLL="$BENCH_DIR/HttpFloor/bin/Release/net10.0/HttpFloor.dll"
# Page-size case: ~1.4 MB, ~14 MB and ~104 MB pages (1.41 KB per event), the first two with the same
# total bytes, so their speeds per byte compare fairly.
SIZE_SHAPES=("1mb:200:1000" "10mb:20:10000" "100mb:2:74000")
STARTUP_EVENTS=1000   # the start-up case's one page, as the main case's first page
SOURCE_EVENTS=10      # events per source in the many-source case
STEADY_PAGES="${STEADY_PAGES:-16000}"   # the steady case: this many pages against the first half of them

if [[ ! -f "$BENCH_DIR/lib.sh" || ! -f "$BENCH_DIR/cases.sh" || ! -f "$BENCH_DIR/FakeApi/Dataset.cs" ]]; then
  echo "bench: run.sh needs lib.sh, cases.sh and FakeApi/ beside it (a copy of run.sh alone cannot run);" >&2
  echo "bench: to measure another build, run it where it lives: HELR=/path/to/dist/helr bash <bench worktree>/bench/run.sh" >&2
  exit 1
fi
source "$BENCH_DIR/lib.sh"

mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/helr-bench.XXXXXX")"
SAMPLES="$WORK/samples"; mkdir -p "$SAMPLES"
ROWS="$WORK/rows.tsv"; : >"$ROWS"; : >"$WORK/cases.txt"
FAKE_PID=""
TLS_FAKE_PID=""
cleanup() {
  if [[ -n "$TLS_FAKE_PID" ]]; then kill "$TLS_FAKE_PID" 2>/dev/null || true; wait "$TLS_FAKE_PID" 2>/dev/null || true; fi
  if [[ -n "$FAKE_PID" ]] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for c in ${CASES//,/ }; do
  case "$c" in main | sync | perpage | steady | pagesize | startup | tls | many) ;; *) die "unknown case '$c' in CASES (main,sync,perpage,steady,pagesize,startup,tls,many)" ;; esac
done

# ---------------------------------------------------------------- prerequisites and build
command -v dotnet >/dev/null || die "dotnet not found on PATH"
command -v curl >/dev/null || die "curl not found on PATH"
! has_case tls || command -v openssl >/dev/null || die "the tls case needs openssl (Debian package openssl), or leave tls out of CASES"
if [[ ! -x /usr/bin/time ]]; then
  log "/usr/bin/time missing; installing the Debian package 'time'"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null
  [[ -x /usr/bin/time ]] || die "could not install /usr/bin/time"
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # Only when its sources changed: others may run this script in place at the same time.
  if [[ ! -f "$FAKEAPI_DLL" || -n "$(find "$BENCH_DIR/FakeApi" -maxdepth 1 \( -name '*.cs' -o -name '*.csproj' \) -newer "$FAKEAPI_DLL")" ]]; then
    log "building FakeApi (Release)"
    dotnet build "$BENCH_DIR/FakeApi/FakeApi.csproj" -c Release -nologo -v q >"$WORK/build-fakeapi.log" 2>&1 \
      || { cat "$WORK/build-fakeapi.log" >&2; die "FakeApi build failed"; }
  fi
  if has_case perpage && [[ ! -f "$HTTPFLOOR_DLL" || -n "$(find "$BENCH_DIR/HttpFloor" -maxdepth 1 \( -name '*.cs' -o -name '*.csproj' \) -newer "$HTTPFLOOR_DLL")" ]]; then
    log "building HttpFloor (Release)"
    dotnet build "$BENCH_DIR/HttpFloor/HttpFloor.csproj" -c Release -nologo -v q >"$WORK/build-httpfloor.log" 2>&1 \
      || { cat "$WORK/build-httpfloor.log" >&2; die "HttpFloor build failed"; }
  fi
  if [[ -z "$HELR_GIVEN" ]]; then # a given HELR is someone else's build: leave this tree's dist/ alone
    log "building Helr.sln (Release) -> dist/"
    dotnet build "$REPO/Helr.sln" -c Release -nologo -v q >"$WORK/build-helr.log" 2>&1 \
      || { cat "$WORK/build-helr.log" >&2; die "Helr build failed"; }
  fi
fi
[[ -f "$FAKEAPI_DLL" ]] || die "FakeApi not built: $FAKEAPI_DLL"
! has_case perpage || [[ -f "$HTTPFLOOR_DLL" ]] || die "HttpFloor not built: $HTTPFLOOR_DLL"
[[ -x "$HELR" ]] || die "$HELR not found or not executable (did the Helr.sln build produce dist/?)"
[[ -z "${HELR_BASE:-}" || -x "$HELR_BASE" ]] || die "HELR_BASE=$HELR_BASE not found or not executable"

# ---------------------------------------------------------------- fake API (one process, bodies precomputed)
FAKE_ARGS=(--urls http://127.0.0.1:0)
has_case main || has_case sync && FAKE_ARGS+=(--pages "$PAGES" --events-per-page "$EVENTS_PER_PAGE")
has_case perpage && FAKE_ARGS+=(--dataset "perpage=2000x100")
has_case steady && FAKE_ARGS+=(--dataset "steady=${STEADY_PAGES}x100/shared")
if has_case pagesize; then
  for s in "${SIZE_SHAPES[@]}"; do IFS=: read -r n p e <<<"$s"; FAKE_ARGS+=(--dataset "$n=${p}x$e/shared"); done
fi
has_case startup || has_case tls && FAKE_ARGS+=(--dataset "startup=1x$STARTUP_EVENTS/shared")
has_case many && FAKE_ARGS+=(--dataset "sources=1x$SOURCE_EVENTS/shared")
log "starting fake API: ${FAKE_ARGS[*]}"
dotnet "$FAKEAPI_DLL" "${FAKE_ARGS[@]}" >"$WORK/fakeapi.out" 2>"$WORK/fakeapi.err" &
FAKE_PID=$!
BASE="$(fake_base "$FAKE_PID" "$WORK/fakeapi" http)"
sleep 0.2 # the dataset lines follow the URL on stderr
log "fake API at $BASE"; sed 's/^/bench:   /' "$WORK/fakeapi.err" >&2
# One untimed request per dataset, so the fake's own JIT happens before any case.
for d in $(sed -n 's/^FakeApi: \([a-z0-9]*\):.*/\1/p' "$WORK/fakeapi.err"); do
  case "$d" in main) p=/api/v1/logs ;; sources) p=/s/0/logs ;; *) p="/d/$d/logs" ;; esac
  curl -sS --fail -o /dev/null "$BASE$p" || die "fake API does not answer $BASE$p"
done

# The tls case: a second fake on https with a self-signed certificate that Helr trusts through
# resilience.tls.ca_file, as a field run reaches its vendor (the cases above use plain HTTP).
if has_case tls; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/tls-key.pem" -out "$WORK/tls-cert.pem" 2>"$WORK/openssl.err" \
    || { cat "$WORK/openssl.err" >&2; die "openssl could not make the tls case's certificate"; }
  Kestrel__Certificates__Default__Path="$WORK/tls-cert.pem" Kestrel__Certificates__Default__KeyPath="$WORK/tls-key.pem" \
    dotnet "$FAKEAPI_DLL" --urls https://127.0.0.1:0 --dataset "startup=1x$STARTUP_EVENTS/shared" >"$WORK/tlsapi.out" 2>"$WORK/tlsapi.err" &
  TLS_FAKE_PID=$!
  TLS_BASE="$(fake_base "$TLS_FAKE_PID" "$WORK/tlsapi" https)"
  curl -sS --fail --cacert "$WORK/tls-cert.pem" -o /dev/null "$TLS_BASE/d/startup/logs" || die "https fake API does not answer $TLS_BASE/d/startup/logs"
  log "https fake API at $TLS_BASE"
fi

source "$BENCH_DIR/cases.sh"

# ---------------------------------------------------------------- run the cases
FAILED=()
for c in main sync perpage steady pagesize startup tls many; do
  has_case "$c" || continue
  log "=== case $c"
  t0=$(now_ns); f0=$(fake_cpu_ticks); p0=$(cpu_pressure_us)
  set +e
  (set -e; "case_$c")
  rc=$?
  set -e
  t1=$(now_ns); f1=$(fake_cpu_ticks); p1=$(cpu_pressure_us)
  # How much the fake competed for the cores, and how much of the case some task waited for a CPU.
  printf '  %-10s %8.1f s %12.2f s %12s\n' "$c" "$(calc "($t1 - $t0) / 1e9")" "$(calc "($f1 - $f0) / $(getconf CLK_TCK)")" \
    "$([[ -n "$p0" ]] && calc "($p1 - $p0) * 100 / (($t1 - $t0) / 1000)" | awk '{printf "%.0f %%", $1}' || echo n/a)" >>"$WORK/cases.txt"
  if [[ $rc -ne 0 ]]; then
    FAILED+=("$c")
    printf '%s\t—\tFAILED (exit %s, see stderr)\t—\t—\tno\n' "case $c" "$rc" >>"$ROWS"
  fi
done

# ---------------------------------------------------------------- report
{
  echo "Helr benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), script at commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "host: $(uname -srm), $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg), dotnet $(dotnet --version)"
  echo "cases: $CASES; $REPEATS timed run(s) (+$WARMUP warm-up) per measurement, start-up and 1,000-source once runs $START_REPEATS; medians"
  echo "MB = 10^6 bytes, MiB = 2^20 bytes; ratio = reference time / Helr time (above 1: Helr faster) unless the row says otherwise"
  echo
  echo "helr: $HELR"
  echo "per case: wall time, CPU used by the fake API, CPU pressure (share of the time some task waited for a core, /proc/pressure/cpu):"
  printf '  %-10s %10s %14s %12s\n' case wall "fake API CPU" "CPU pressure"
  cat "$WORK/cases.txt"
  echo "medians per measurement (CPU = user+sys; many.idle columns: first cycle s, VmRSS KiB, VmHWM KiB):"
  printf '  %-22s %4s %10s %10s %12s   %s\n' label runs "wall s" "CPU s" "RSS KiB" "every run (wall CPU RSS)"
  for f in "$SAMPLES"/*; do
    [[ -e "$f" ]] || continue
    l=$(basename "$f")
    printf '  %-22s %4s %10s %10s %12s   %s\n' "$l" "$(wc -l <"$f")" "$(med "$l" 1)" "$(med "$l" 2)" "$(med "$l" 3)" \
      "$(tr '\n' ';' <"$f" | sed 's/;$//; s/;/; /g')"
  done
} | tee "$OUT_DIR/results.txt"
echo
{
  print_table "$ROWS"
  if [[ -n "${HELR_BASE:-}" ]]; then
    echo
    echo "A/B, interleaved run by run: Helr = $HELR, base = $HELR_BASE (ratios above 1: Helr faster or smaller)"
    echo
    print_ab
  fi
} | tee "$OUT_DIR/results.md"
log "table written to $OUT_DIR/results.md, samples to $OUT_DIR/results.txt"
[[ ${#FAILED[@]} -eq 0 ]] || die "failed case(s): ${FAILED[*]}"
