# The cases of bench/run.sh (issue #20's table). Sourced after lib.sh once the fake API runs.
# Each case interleaves its reference and Helr runs round by round, so load on a shared machine
# hits both sides alike, and appends its rows to the results table.

# helr_config FILE PATH [MAX_PAGES] [EXTRA_GLOBAL_YAML]: one generic source following Link headers
helr_config() {
  cat >"$1" <<EOF
global:
  log_level: warn
  state:
    backend: memory
${4:-}
sources:
  bench:
    type: generic
    url: $BASE$2
    pagination:
      strategy: link_header
      max_pages: ${3:-100000}
EOF
}

# rounds N WARM CMD...: WARM untimed rounds (label "-") then N timed rounds of every CMD, interleaved.
# Each CMD is "function label-or-@ args..."; @ is replaced by the label for timed rounds.
rounds() {
  local n=$1 warm=$2; shift 2
  local i c
  for ((i = 0; i < warm + n; i++)); do
    for c in "$@"; do
      local -a words
      read -r -a words <<<"$c"
      if ((i < warm)); then words[1]=-; fi
      "${words[@]}"
      # A/B: the base build runs the same measurement right after, in the same round.
      if [[ -n "${HELR_BASE:-}" && "${words[0]}" == helr_*sample ]]; then
        [[ "${words[1]}" == - ]] || words[1]+=.base
        HELR="$HELR_BASE" "${words[@]}"
      fi
    done
  done
}

case_main() {
  local urls bytes
  mapfile -t urls < <(page_urls /api/v1/logs "$PAGES")
  bytes=$(api_bytes "${urls[@]}")
  printf '%s\n' "${urls[@]}" >"$WORK/main.urls"
  local events=$((PAGES * EVENTS_PER_PAGE))
  helr_config "$WORK/main.yaml" /api/v1/logs
  helr_config "$WORK/main-1page.yaml" /api/v1/logs 1
  MAIN_BYTES=$bytes
  rounds "$REPEATS" "$WARMUP" \
    "main_curl_null main.curl_null" \
    "main_curl_file main.curl_file" \
    "helr_sample main.helr $events $WORK/out.ndjson -- run --once -c $WORK/main.yaml --output $WORK/out.ndjson" \
    "helr_sample main.helr_1page $EVENTS_PER_PAGE $WORK/out.ndjson -- run --once -c $WORK/main-1page.yaml --output $WORK/out.ndjson"
  local cn cf h h1 data cf_data
  cn=$(med main.curl_null); cf=$(med main.curl_file); h=$(med main.helr); h1=$(med main.helr_1page)
  data=$(calc "$h - $h1")
  cf_data=$(calc "$cf * ($PAGES - 1) / $PAGES")
  local shape="$(fmt_n "$PAGES")×$(fmt_n "$EVENTS_PER_PAGE") ($(fmt_mb "$bytes"))"
  local r
  r=$(fdiv "$cf" "$h")
  row "$shape, whole run" "curl to a new file $(fmt_s "$cf")" "$(fmt_s "$h")" "$(fmt_x "$r")" "≥ 0.80×" "$(ge "$r" 0.8)"
  r=$(fdiv "$cn" "$h")
  row "$shape, whole run" "curl to /dev/null $(fmt_s "$cn")" "$(fmt_s "$h")" "$(fmt_x "$r")" "—" "—"
  r=$(fdiv "$cf_data" "$data")
  row "$shape, data phase (whole − one-page run $(fmt_s "$h1"))" "curl to a new file, $((PAGES - 1)) pages $(fmt_s "$cf_data")" "$(fmt_s "$data")" "$(fmt_x "$r")" "≥ 0.95×" "$(ge "$r" 0.95)"
  row "$shape, peak RSS" "—" "$(fmt_mib "$(med main.helr 3)")" "—" "—" "—"
}
main_curl_null() { mapfile -t u <"$WORK/main.urls"; curl_null "$1" "$MAIN_BYTES" "${u[@]}"; }
main_curl_file() { mapfile -t u <"$WORK/main.urls"; curl_file "$1" "$MAIN_BYTES" "${u[@]}"; }

case_sync() {
  local events=$((PAGES * EVENTS_PER_PAGE))
  helr_config "$WORK/sync-on.yaml" /api/v1/logs
  helr_config "$WORK/sync-off.yaml" /api/v1/logs 100000 "  output:
    sync: false"
  rounds "$REPEATS" "$WARMUP" \
    "helr_sample sync.on $events $WORK/out.ndjson -- run --once -c $WORK/sync-on.yaml --output $WORK/out.ndjson" \
    "helr_sample sync.off $events $WORK/out.ndjson -- run --once -c $WORK/sync-off.yaml --output $WORK/out.ndjson"
  local on off r
  on=$(med sync.on); off=$(med sync.off)
  r=$(fdiv "$on" "$off")
  row "$(fmt_n "$PAGES")×$(fmt_n "$EVENTS_PER_PAGE"), \`output.sync: false\` (cost of fdatasync)" "Helr with \`sync: true\` $(fmt_s "$on")" "$(fmt_s "$off")" "$(fmt_x "$r")" "—" "—"
}

case_perpage() {
  local urls bytes
  mapfile -t urls < <(page_urls /d/perpage/logs 2000)
  bytes=$(api_bytes "${urls[@]}")
  printf '%s\n' "${urls[@]}" >"$WORK/perpage.urls"
  PERPAGE_BYTES=$bytes
  helr_config "$WORK/perpage.yaml" /d/perpage/logs
  rounds "$REPEATS" "$WARMUP" \
    "perpage_curl perpage.curl_null" \
    "helr_sample perpage.helr 200000 $WORK/out.ndjson -- run --once -c $WORK/perpage.yaml --output $WORK/out.ndjson" \
    "helr_null_sample perpage.helr_null -- run --once -c $WORK/perpage.yaml" \
    "floor_sample perpage.httpclient $bytes $WORK/perpage.urls"
  local c h r hn f
  c=$(med perpage.curl_null); h=$(med perpage.helr); hn=$(med perpage.helr_null); f=$(med perpage.httpclient)
  r=$(fdiv "$c" "$h")
  row "2,000×100 ($(fmt_mb "$bytes")), whole run" "curl to /dev/null $(fmt_s "$c")" "$(fmt_s "$h")" "$(fmt_x "$r")" "≥ 0.67× (within 1.5×)" "$(ge "$r" 0.6667)"
  # Like for like: Helr's lines to /dev/null as curl's bodies (no disk, no fsync).
  r=$(fdiv "$c" "$hn")
  row "2,000×100, whole run, events on stdout to /dev/null" "curl to /dev/null $(fmt_s "$c")" "$(fmt_s "$hn")" "$(fmt_x "$r")" "≥ 0.67× (within 1.5×)" "$(ge "$r" 0.6667)"
  # The floor of a .NET client: a bare HttpClient loop (bench/HttpFloor) over the same URLs.
  r=$(fdiv "$c" "$f")
  row "2,000×100, a bare HttpClient loop, bodies dropped (not Helr: the .NET floor)" "curl to /dev/null $(fmt_s "$c")" "$(fmt_s "$f")" "$(fmt_x "$r")" "—" "—"
}
perpage_curl() { mapfile -t u <"$WORK/perpage.urls"; curl_null "$1" "$PERPAGE_BYTES" "${u[@]}"; }

# Per page once the JIT is done: the time 8,000 more 140 KB pages add to a run (16,000 pages against
# the first 8,000 of the same API). A 2,000-page run is mostly start-up and the runtime compiling
# the hot code again, optimised (docs/performance.md, "Many small pages"); this row is the steady state.
case_steady() {
  local urls half_pages=$((STEADY_PAGES / 2))
  mapfile -t urls < <(page_urls /d/steady/logs "$STEADY_PAGES")
  printf '%s\n' "${urls[@]:0:half_pages}" >"$WORK/steady-short.urls"
  printf '%s\n' "${urls[@]}" >"$WORK/steady-long.urls"
  # The long run's bytes are the short run's plus the second half's: each page is fetched once here.
  STEADY_SHORT_BYTES=$(api_bytes "${urls[@]:0:half_pages}")
  STEADY_LONG_BYTES=$((STEADY_SHORT_BYTES + $(api_bytes "${urls[@]:half_pages}")))
  helr_config "$WORK/steady-short.yaml" /d/steady/logs "$half_pages"
  helr_config "$WORK/steady-long.yaml" /d/steady/logs "$STEADY_PAGES"
  rounds "$REPEATS" "$WARMUP" \
    "steady_curl steady.curl_short steady-short $STEADY_SHORT_BYTES" \
    "steady_curl steady.curl_long steady-long $STEADY_LONG_BYTES" \
    "helr_null_sample steady.helr_short -- run --once -c $WORK/steady-short.yaml" \
    "helr_null_sample steady.helr_long -- run --once -c $WORK/steady-long.yaml"
  local c h r half
  half=$(fmt_n "$half_pages")
  c=$(awk -v a="$(med steady.curl_long)" -v b="$(med steady.curl_short)" 'BEGIN {printf "%.6f", a - b}')
  h=$(awk -v a="$(med steady.helr_long)" -v b="$(med steady.helr_short)" 'BEGIN {printf "%.6f", a - b}')
  r=$(fdiv "$c" "$h")
  row "$half more 140 KB pages ($(fmt_n "$STEADY_PAGES") − $half pages), to /dev/null: per page once compiled" "curl to /dev/null $(fmt_s "$c")" "$(fmt_s "$h")" "$(fmt_x "$r")" "— (2,000×100 rows: ≥ 0.67×)" "—"
}
steady_curl() { mapfile -t u <"$WORK/$2.urls"; curl_null "$1" "$3" "${u[@]}"; }

case_pagesize() {
  local s name pages events urls bytes
  declare -A mbs sizes
  for s in "${SIZE_SHAPES[@]}"; do
    IFS=: read -r name pages events <<<"$s"
    mapfile -t urls < <(page_urls "/d/$name/logs" "$pages")
    bytes=$(api_bytes "${urls[@]}")
    printf '%s\n' "${urls[@]}" >"$WORK/$name.urls"
    SIZE_BYTES=$bytes
    helr_config "$WORK/$name.yaml" "/d/$name/logs"
    rounds "$REPEATS" "$WARMUP" \
      "size_curl size.$name.curl_null $name" \
      "helr_sample size.$name.helr $((pages * events)) $WORK/out.ndjson -- run --once -c $WORK/$name.yaml --output $WORK/out.ndjson"
    local c h rss cm hm r label
    c=$(med "size.$name.curl_null"); h=$(med "size.$name.helr"); rss=$(med "size.$name.helr" 3)
    cm=$(calc "$bytes / 1e6 / $c"); hm=$(calc "$bytes / 1e6 / $h")
    mbs[$name]=$hm
    r=$(fdiv "$hm" "$cm")
    label="$(fmt_mb "$((bytes / pages))") pages ($(fmt_n "$pages")×$(fmt_n "$events"))"
    sizes[$name]=$(fmt_mb "$((bytes / pages))")
    row "$label, speed per byte (whole run)" "curl to /dev/null $(fmt_mbs "$cm")" "$(fmt_mbs "$hm")" "$(fmt_x "$r")" "—" "—"
    row "$label, peak RSS" "—" "$(fmt_mib "$rss")" "—" "≤ 80 MiB" "$(le "$rss" $((80 * 1024)))"
  done
  local r
  r=$(fdiv "${mbs[10mb]}" "${mbs[1mb]}")
  row "${sizes[10mb]} pages vs ${sizes[1mb]} pages, Helr per byte" "Helr, ${sizes[1mb]} pages $(fmt_mbs "${mbs[1mb]}")" "$(fmt_mbs "${mbs[10mb]}")" "$(fmt_x "$r")" "≥ 1.00×" "$(ge "$r" 1)"
  r=$(fdiv "${mbs[100mb]}" "${mbs[1mb]}")
  row "${sizes[100mb]} pages vs ${sizes[1mb]} pages, Helr per byte" "Helr, ${sizes[1mb]} pages $(fmt_mbs "${mbs[1mb]}")" "$(fmt_mbs "${mbs[100mb]}")" "$(fmt_x "$r")" "—" "—"
}
size_curl() { mapfile -t u <"$WORK/$2.urls"; curl_null "$1" "$SIZE_BYTES" "${u[@]}"; }

case_startup() {
  helr_config "$WORK/startup.yaml" /d/startup/logs 1
  api_bytes "$BASE/d/startup/logs" >/dev/null # the fake's first request (its JIT) before any timing
  rounds "$START_REPEATS" "$WARMUP" \
    "helr_sample startup.run_once $STARTUP_EVENTS $WORK/out.ndjson -- run --once -c $WORK/startup.yaml --output $WORK/out.ndjson" \
    "helr_sample startup.validate - - -- validate -c $WORK/startup.yaml"
  local r v
  r=$(med startup.run_once); v=$(med startup.validate)
  row "start-up: one-page \`run --once\` ($(fmt_n "$STARTUP_EVENTS") events)" "—" "$(fmt_s "$r")" "—" "≤ 150 ms" "$(le "$r" 0.150)"
  row "start-up: \`helr validate\`" "—" "$(fmt_s "$v")" "—" "≤ 100 ms" "$(le "$v" 0.100)"
}

# Start-up as in the field, where the vendor is reached over HTTPS: the same one-page run against the
# https fake (resilience.tls.ca_file trusts its certificate) beside the plain-HTTP one, interleaved.
case_tls() {
  helr_config "$WORK/tls-http.yaml" /d/startup/logs 1
  { sed "s|url: .*|url: $TLS_BASE/d/startup/logs|" "$WORK/tls-http.yaml"
    printf '    resilience:\n      tls:\n        ca_file: %s\n' "$WORK/tls-cert.pem"; } >"$WORK/tls-https.yaml"
  rounds "$START_REPEATS" "$WARMUP" \
    "helr_sample tls.http_once $STARTUP_EVENTS $WORK/out.ndjson -- run --once -c $WORK/tls-http.yaml --output $WORK/out.ndjson" \
    "helr_sample tls.https_once $STARTUP_EVENTS $WORK/out.ndjson -- run --once -c $WORK/tls-https.yaml --output $WORK/out.ndjson"
  local h s
  h=$(med tls.http_once); s=$(med tls.https_once)
  row "start-up over HTTPS: one-page \`run --once\` ($(fmt_n "$STARTUP_EVENTS") events, CA from \`tls.ca_file\`)" "the same over plain HTTP $(fmt_s "$h")" "$(fmt_s "$s")" "$(fmt_x "$(fdiv "$h" "$s")")" "—" "—"
}

# many_config FILE [INTERVAL]: SOURCES generic sources, one page of SOURCE_EVENTS events each
many_config() {
  {
    printf 'global:\n  log_level: warn\n  state:\n    backend: memory\nsources:\n'
    local n
    for ((n = 0; n < SOURCES; n++)); do
      printf '  s%d:\n    url: %s/s/%d/logs\n    pagination: { strategy: link_header, max_pages: 10 }\n' "$n" "$BASE" "$n"
      [[ -z "${2:-}" ]] || printf '    schedule: { interval_secs: %d }\n' "$2"
    done
  } >"$1"
}

case_many() {
  local n
  : >"$WORK/many.urls"
  for ((n = 0; n < SOURCES; n++)); do echo "$BASE/s/$n/logs" >>"$WORK/many.urls"; done
  mapfile -t urls <"$WORK/many.urls"
  MANY_BYTES=$(api_bytes "${urls[@]}")
  local events=$((SOURCES * SOURCE_EVENTS))
  many_config "$WORK/many.yaml"
  many_config "$WORK/many-continuous.yaml" 3600
  # Short runs near their target's line: two more rounds, as the start-up case, steady the median.
  rounds "$START_REPEATS" "$WARMUP" \
    "many_curl many.curl_file" \
    "helr_sample many.helr $events $WORK/out.ndjson -- run --once -c $WORK/many.yaml --output $WORK/out.ndjson"
  local i
  for ((i = 0; i < REPEATS; i++)); do
    idle_rss_sample many.idle "$events"
    [[ -z "${HELR_BASE:-}" ]] || HELR="$HELR_BASE" idle_rss_sample many.idle.base "$events"
  done
  local c h r rss hwm limit
  c=$(med many.curl_file); h=$(med many.helr)
  r=$(fdiv "$c" "$h")
  row "$(fmt_n "$SOURCES") sources × 1 page × $SOURCE_EVENTS events, one \`--once\` cycle with start-up" "one curl, $(fmt_n "$SOURCES") URLs in turn, to a new file $(fmt_s "$c")" "$(fmt_s "$h")" "$(fmt_x "$r")" "≥ 0.50× (within 2×)" "$(ge "$r" 0.5)"
  rss=$(med many.idle 2); hwm=$(med many.idle 3)
  limit=$((60 * 1024 + 30 * SOURCES))
  row "$(fmt_n "$SOURCES") sources, continuous \`run\`, idle after its first cycle (VmRSS; VmHWM $(fmt_mib "$hwm"))" "—" "$(fmt_mib "$rss")" "—" "≤ $(fmt_mib "$limit") (60 MiB + 30 KiB/source)" "$(le "$rss" "$limit")"
}
many_curl() { mapfile -t u <"$WORK/many.urls"; curl_file "$1" "$MANY_BYTES" "${u[@]}"; }

# idle_rss_sample LABEL EXPECTED_LINES: a continuous run until its first cycle wrote every line, then
# IDLE_SETTLE s of idling; records "first-cycle-seconds VmRSS-KiB VmHWM-KiB"; stops it with SIGTERM.
idle_rss_sample() {
  local label=$1 expected=$2 out="$WORK/idle.ndjson"
  rm -f "$out"
  local t0 pid lines=0 first
  t0=$(now_ns)
  "$HELR" run -c "$WORK/many-continuous.yaml" --output "$out" >"$WORK/idle.stdout" 2>"$WORK/idle.stderr" &
  pid=$!
  while :; do
    [[ -f "$out" ]] && lines=$(wc -l <"$out")
    ((lines >= expected)) && break
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$WORK/idle.stderr" >&2; die "continuous helr exited before its first cycle ended ($lines lines)"; }
    (($(now_ns) - t0 < 180 * 1000000000)) || { kill -TERM "$pid"; die "continuous helr wrote only $lines of $expected lines in 180 s"; }
    sleep 0.05
  done
  first=$(secs_since "$t0")
  sleep "$IDLE_SETTLE"
  local rss hwm rc=0
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"
  wait "$pid" || rc=$?
  [[ $rc -eq 0 ]] || { tail -n 30 "$WORK/idle.stderr" >&2; die "continuous helr exited with $rc after SIGTERM"; }
  lines=$(wc -l <"$out")
  [[ "$lines" -eq "$expected" ]] || die "continuous helr wrote $lines lines, expected exactly $expected"
  rm -f "$out"
  record "$label" "$first" "$rss" "$hwm"
}
