# Helpers for bench/run.sh: timing one Helr or curl run, medians, formatting, the results table.
# Sourced; expects WORK, SAMPLES, ROWS, HELR and CASES to be set.

die() { echo "bench: ERROR: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }
has_case() { [[ ",$CASES," == *",$1,"* ]]; }
now_ns() { date +%s%N; }
secs_since() { awk -v d=$(($(now_ns) - $1)) 'BEGIN {printf "%.6f", d / 1e9}'; }

# utime + stime of the fake API in clock ticks (fields 14 and 15 of /proc/PID/stat, after the comm)
fake_cpu_ticks() { sed 's/^.*) //' "/proc/$FAKE_PID/stat" | awk '{print $12 + $13}'; }
# total microseconds some task waited for a CPU (empty without PSI)
cpu_pressure_us() { [[ -r /proc/pressure/cpu ]] && awk -F'total=' '/^some/ {print $2}' /proc/pressure/cpu || true; }

# fake_base PID FILES SCHEME: the base URL a fake API started as PID prints first on FILES.out (its
# stderr in FILES.err), once it does; dies if it exits first or prints no SCHEME:// URL.
fake_base() {
  local pid=$1 files=$2 scheme=$3 base
  for _ in $(seq 1 1200); do
    [[ -s "$files.out" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$files.err" >&2; die "$scheme fake API exited during startup"; }
    sleep 0.1
  done
  base="$(head -n1 "$files.out")"
  [[ "$base" == "$scheme://"* ]] || { cat "$files.err" >&2; die "$scheme fake API did not print its base URL (got '$base')"; }
  echo "$base"
}

# median of the numbers given as arguments
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.6f\n", (a[NR/2]+a[NR/2+1])/2}'; }
# med LABEL [COLUMN]: median of one column (1 wall s, 2 CPU s, 3 peak RSS KiB) of a sample file
med() { [[ -s "$SAMPLES/$1" ]] || die "no samples for $1"; median $(awk -v c="${2:-1}" '{print $c}' "$SAMPLES/$1"); }
calc() { awk "BEGIN {printf \"%.6f\", $1}"; }
# The sum of the numbers on stdin, one per line. Not printf "%d": mawk caps that at 2^31 - 1, so
# byte counts over 2 GiB (the steady case) came out as the cap on both sides of a check.
sum_lines() { awk '{s += $1} END {printf "%.0f", s}'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "nan"; else printf "%.6f", a / b }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN {print (a >= b) ? "yes" : "no"}'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN {print (a <= b) ? "yes" : "no"}'; }

fmt_n() { printf '%s' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|[^0-9]\)/\1,\2\3/' -e 'ta'; }
fmt_s() { awk -v s="$1" 'BEGIN {if (s < 1) printf "%.0f ms", s * 1000; else printf "%.2f s", s}'; }
fmt_x() { awk -v r="$1" 'BEGIN {printf "%.2f×", r}'; }
fmt_mbs() { awk -v r="$1" 'BEGIN {printf "%.0f MB/s", r}'; }
fmt_mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }
fmt_mb() { awk -v b="$1" 'BEGIN {if (b >= 1e7) printf "%.0f MB", b / 1e6; else printf "%.1f MB", b / 1e6}'; }

# row CASE REFERENCE HELR RATIO TARGET MET: one line of the final table
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

print_table() {
  echo "| case | reference | Helr | ratio | target | met? |"
  echo "| --- | --- | --- | --- | --- | --- |"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$1"
}

# print_ab: every Helr measurement next to the same one by HELR_BASE (labels X and X.base)
print_ab() {
  echo "| measurement | base wall | Helr wall | base ÷ Helr | base CPU | Helr CPU | base ÷ Helr | base peak RSS | Helr peak RSS |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  local f l w0 w1 c0 c1 m0 m1
  for f in "$SAMPLES"/*.base; do
    [[ -e "$f" ]] || continue
    l=$(basename "$f" .base)
    [[ -s "$SAMPLES/$l" ]] || continue
    w0=$(med "$l.base" 1); w1=$(med "$l" 1); c0=$(med "$l.base" 2); c1=$(med "$l" 2); m0=$(med "$l.base" 3); m1=$(med "$l" 3)
    if [[ "$l" == many.idle ]]; then # first cycle s, VmRSS KiB, VmHWM KiB
      echo "| $l (first cycle; VmRSS; VmHWM) | $(fmt_s "$w0") | $(fmt_s "$w1") | $(fmt_x "$(fdiv "$w0" "$w1")") | $(fmt_mib "$c0") | $(fmt_mib "$c1") | $(fmt_x "$(fdiv "$c0" "$c1")") | $(fmt_mib "$m0") | $(fmt_mib "$m1") |"
    else
      echo "| $l | $(fmt_s "$w0") | $(fmt_s "$w1") | $(fmt_x "$(fdiv "$w0" "$w1")") | $(fmt_s "$c0") | $(fmt_s "$c1") | $(fmt_x "$(fdiv "$c0" "$c1")") | $(fmt_mib "$m0") | $(fmt_mib "$m1") |"
    fi
  done
}

record() { # record LABEL WALL CPU RSS_KIB: appends a sample unless LABEL is "-" (a warm-up)
  [[ "$1" == - ]] || echo "$2 $3 $4" >>"$SAMPLES/$1"
}

# helr_sample LABEL EXPECTED_LINES OUTFILE -- HELR-ARGS...
# Runs Helr under /usr/bin/time; fails unless it exits 0 and (EXPECTED_LINES not "-") OUTFILE has
# exactly that many lines, so a broken Helr cannot look fast.
helr_sample() {
  local label=$1 expected=$2 out=$3; shift 4
  [[ "$out" == - ]] || rm -f "$out"
  local t0 wall rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$HELR" "$@" >"$WORK/helr.stdout" 2>"$WORK/helr.stderr" || rc=$?
  wall=$(secs_since "$t0")
  if [[ $rc -ne 0 ]]; then
    {
      echo "---- helr exit code: $rc"
      echo "---- command: $HELR $*"
      echo "---- helr stdout (last 20 lines):"; tail -n 20 "$WORK/helr.stdout"
      echo "---- helr stderr (last 50 lines):"; tail -n 50 "$WORK/helr.stderr"
    } >&2
    die "helr failed ($label)"
  fi
  if [[ "$expected" != - ]]; then
    [[ -f "$out" ]] || die "helr exited 0 but wrote no output file $out ($label)"
    local lines
    lines=$(wc -l <"$out")
    if [[ "$lines" -ne "$expected" ]]; then
      { echo "---- helr stderr (last 30 lines):"; tail -n 30 "$WORK/helr.stderr"; } >&2
      die "helr wrote $lines lines, expected exactly $expected ($label)"
    fi
    rm -f "$out"
  fi
  local u s m
  read -r u s m <<<"$(tail -n 1 "$WORK/time.txt")"
  record "$label" "$wall" "$(calc "$u + $s")" "$m"
}

# helr_null_sample LABEL -- HELR-ARGS...: as helr_sample, with the events on stdout to /dev/null (what
# curl_null does with the bodies: no disk, no fsync); only the exit code is checked.
helr_null_sample() {
  local label=$1; shift 2
  local t0 wall rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" "$HELR" "$@" >/dev/null 2>"$WORK/helr.stderr" || rc=$?
  wall=$(secs_since "$t0")
  [[ $rc -eq 0 ]] || { tail -n 50 "$WORK/helr.stderr" >&2; die "helr failed with exit code $rc ($label)"; }
  local u s m
  read -r u s m <<<"$(tail -n 1 "$WORK/time.txt")"
  record "$label" "$wall" "$(calc "$u + $s")" "$m"
}

# floor_sample LABEL EXPECTED_BYTES URL-FILE: bench/HttpFloor (a bare HttpClient loop) over the URLs.
floor_sample() {
  local label=$1 expected=$2 urls=$3
  local t0 wall rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" dotnet "$HTTPFLOOR_DLL" "$urls" >"$WORK/floor.out" 2>"$WORK/floor.err" || rc=$?
  wall=$(secs_since "$t0")
  [[ $rc -eq 0 ]] || { cat "$WORK/floor.err" >&2; die "HttpFloor failed with exit code $rc ($label)"; }
  [[ "$(cat "$WORK/floor.out")" -eq "$expected" ]] || die "HttpFloor received $(cat "$WORK/floor.out") bytes, expected $expected ($label)"
  local u s m
  read -r u s m <<<"$(tail -n 1 "$WORK/time.txt")"
  record "$label" "$wall" "$(calc "$u + $s")" "$m"
}

# curl_null LABEL EXPECTED_BYTES URL...: one curl process fetches the URLs one after another over a
# keep-alive connection, bodies to /dev/null; checks the count and the total bytes.
curl_null() {
  local label=$1 expected=$2; shift 2
  local args=() u
  for u in "$@"; do args+=("$u" -o /dev/null); done
  local t0 wall rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" curl -sS --fail -w '%{size_download}\n' "${args[@]}" >"$WORK/curl.sizes" || rc=$?
  wall=$(secs_since "$t0")
  [[ $rc -eq 0 ]] || die "curl failed with exit code $rc ($label)"
  local n bytes
  n=$(wc -l <"$WORK/curl.sizes")
  bytes=$(sum_lines <"$WORK/curl.sizes")
  [[ "$n" -eq $# ]] || die "curl fetched $n responses, expected $# ($label)"
  [[ "$bytes" -eq "$expected" ]] || die "curl received $bytes bytes, expected $expected ($label)"
  local u2 s m
  read -r u2 s m <<<"$(tail -n 1 "$WORK/time.txt")"
  record "$label" "$wall" "$(calc "$u2 + $s")" "$m"
}

# curl_file LABEL EXPECTED_BYTES URL...: the same, bodies written to a new file (deleted before and
# after, as Helr's output is): receiving plus writing these bytes, with no parsing.
curl_file() {
  local label=$1 expected=$2; shift 2
  local file="$WORK/curl-output"
  rm -f "$file"
  local t0 wall rc=0
  t0=$(now_ns)
  /usr/bin/time -f '%U %S %M' -o "$WORK/time.txt" curl -sS --fail "$@" >"$file" || rc=$?
  wall=$(secs_since "$t0")
  [[ $rc -eq 0 ]] || die "curl (to a file) failed with exit code $rc ($label)"
  local bytes
  bytes=$(stat -c %s "$file")
  rm -f "$file"
  [[ "$bytes" -eq "$expected" ]] || die "curl wrote $bytes bytes to a file, expected $expected ($label)"
  local u s m
  read -r u s m <<<"$(tail -n 1 "$WORK/time.txt")"
  record "$label" "$wall" "$(calc "$u + $s")" "$m"
}

# api_bytes URL...: total body bytes of these URLs (one untimed curl pass; also warms the fake)
api_bytes() {
  curl -sS --fail -w '%{size_download}\n' $(printf -- '%s -o /dev/null ' "$@") | sum_lines
}

# page_urls PATH PAGES: the URLs Helr requests following the Link headers (first without ?after)
page_urls() {
  local n
  echo "$BASE$1"
  for ((n = 1; n < $2; n++)); do echo "$BASE$1?after=$n"; done
}
