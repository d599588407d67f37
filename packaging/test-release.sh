#!/usr/bin/env bash
# Tests the release (issue #23): builds the self-contained release and the .deb, checks their layout,
# and runs helr from the tarball and from the package extracted into a temporary root with no .NET on
# the machine as far as helr can see: a clean environment (PATH without dotnet, no DOTNET_ROOT) and,
# where mount namespaces are allowed, the machine's .NET folder hidden under an empty tmpfs.
# Prints PASS/FAIL/SKIP lines and a summary line that .ci/run counts; exits 1 on any failure.
#
#   packaging/test-release.sh            build linux-x64 (what CI runs)
#   HELR_TEST_REUSE=1 packaging/...      reuse artifacts/ built before (no publish)
#   HELR_TEST_RIDS="linux-x64 linux-arm64"  also build arm64 (not run: only its layout and arch checked)
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
passed=0 failed=0 skipped=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "SKIP: $1: $2"; skipped=$((skipped + 1)); }
expect() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
summary() {
  echo "release checks - Failed: $failed, Passed: $passed, Skipped: $skipped"
  rm -rf "$tmp"
  [ "$failed" -eq 0 ]
  exit $?
}
tmp=$(mktemp -d)
version=$(dotnet msbuild src/Helr.Kernel/Helr.Kernel.csproj -nologo -getProperty:Version)
plugins=$(sed -n 's:.*<HelrPluginFolder>\(.*\)</HelrPluginFolder>.*:\1:p' plugins/*/src/*.csproj | sort)

# helr as on a machine without .NET: empty environment, PATH with no dotnet, DOTNET_ROOT unset.
mkdir -p "$tmp/bin" "$tmp/home"
hide_dotnet=()
dotnet_dir=$(dirname "$(readlink -f "$(command -v dotnet)")")
if unshare -m true 2>/dev/null; then
  hide_dotnet=(unshare -m sh -c "mount -t tmpfs tmpfs '$dotnet_dir' && exec \"\$@\"" sh)
else
  skip "hiding $dotnet_dir from helr" "no mount namespaces here (unshare -m); the environment alone is cleared"
fi
bare() { "${hide_dotnet[@]}" env -i PATH="$tmp/bin" HOME="$tmp/home" "$@"; }
if bare /bin/sh -c 'command -v dotnet || [ -n "${DOTNET_ROOT:-}" ] || ls "'"$dotnet_dir"'"/dotnet' >/dev/null 2>&1; then
  fail "no .NET visible to helr's runs" "dotnet still reachable"
else
  pass "no .NET visible to helr's runs (no dotnet on PATH, no DOTNET_ROOT${hide_dotnet:+, $dotnet_dir empty})"
fi

for rid in ${HELR_TEST_RIDS:-linux-x64}; do
  release="artifacts/helr-$version-$rid"
  if [ "${HELR_TEST_REUSE:-}" = 1 ] && [ -f "$release.tar.gz" ]; then
    echo "reusing $release"
  else
    start=$SECONDS
    if packaging/build-release.sh "$rid" > "$tmp/build-$rid.log" 2>&1; then
      pass "build-release.sh $rid ($((SECONDS - start)) s, $(du -sh "$release" | cut -f1), tarball $(du -h "$release.tar.gz" | cut -f1))"
    else
      fail "build-release.sh $rid" "$(tail -20 "$tmp/build-$rid.log")"; summary
    fi
  fi
  python3 packaging/check-release-layout.py "$release" "$rid" $plugins && pass "$rid layout: self-contained host, ReadyToRun, plugins framework-dependent without runtime or SDK copies" \
    || fail "$rid layout"
done

# The tarball, unpacked elsewhere, runs with no .NET.
release="artifacts/helr-$version-linux-x64"
mkdir -p "$tmp/tar" && tar -C "$tmp/tar" -xzf "$release.tar.gz"
helr="$tmp/tar/helr-$version-linux-x64/helr"
# The license (MIT OR Apache-2.0) travels with the tarball: the repository's three files, unchanged.
expect "tarball: LICENSE, LICENSE-MIT and LICENSE-APACHE beside helr, as in the repository" \
  bash -c 'for f in LICENSE LICENSE-MIT LICENSE-APACHE; do cmp -s "$0/$f" "$f" || exit 1; done' "$(dirname "$helr")"
out=$(bare "$helr" --version 2>&1)
expect "tarball: helr --version prints $version" grep -q "^$version" <<<"$out"
out=$(bare "$helr" plugins list 2>&1)
# Each plugin has its own version (plugins/<Name>/src/*.csproj), not helr's.
missing=$(for p in $plugins; do grep -q "^  $p [0-9][^ ]* (sdk" <<<"$out" || echo "$p"; done)
expect "tarball: plugins list loads all $(wc -w <<<"$plugins") plugins" test -z "$missing"
[ -z "$missing" ] || echo "$out"
bare "$helr" demo --state "$tmp/demo" > "$tmp/demo.out" 2> "$tmp/demo.err"; rc=$?
lines=$(grep -c '"source":"demo-okta"' "$tmp/demo.out")
expect "tarball: helr demo exits 0 and writes the sample API's 120 events (got $lines, exit $rc)" test "$rc" -eq 0 -a "$lines" -eq 120
[ "$rc" -eq 0 ] || cat "$tmp/demo.err"

# The Debian package.
deb="artifacts/helr_${version}_amd64.deb"
start=$SECONDS
if packaging/build-deb.sh linux-x64 > "$tmp/deb.log" 2>&1; then
  pass "build-deb.sh ($((SECONDS - start)) s, $(du -h "$deb" | cut -f1))"
else
  fail "build-deb.sh" "$(tail -20 "$tmp/deb.log")"; summary
fi
info=$(dpkg-deb --info "$deb")
for field in "Package: helr" "Version: $version" "Architecture: amd64"; do
  expect "dpkg-deb --info: $field" grep -q "^ $field\$" <<<"$info"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
expect "conffiles: /etc/helr/helr.yaml and /etc/default/helr" test "$conffiles" = $'/etc/helr/helr.yaml\n/etc/default/helr'
dpkg-deb --contents "$deb" > "$tmp/contents"
has() { grep -qE "$1" "$tmp/contents"; }
expect "contents: /usr/lib/helr/helr executable" has '^-rwxr-xr-x .* \./usr/lib/helr/helr$'
expect "contents: /usr/bin/helr -> ../lib/helr/helr" has '\./usr/bin/helr -> \.\./lib/helr/helr$'
for p in $plugins; do
  expect "contents: plugin $p in /usr/lib/helr/plugins/$p/" has "\./usr/lib/helr/plugins/$p/Helr\.Plugins\.[A-Za-z]+\.dll$"
done
expect "contents: /etc/helr/helr.yaml" has '\./etc/helr/helr\.yaml$'
expect "contents: /etc/helr/credentials/ root-only" has '^drwx------ .* \./etc/helr/credentials/$'
expect "contents: /etc/default/helr" has '\./etc/default/helr$'
expect "contents: helr.service" has '\./usr/lib/systemd/system/helr\.service$'
expect "contents: /usr/share/doc/helr/copyright" has '\./usr/share/doc/helr/copyright$'
expect "contents: no LICENSE files in /usr/lib/helr (Debian keeps the license in copyright)" bash -c "! grep -q '\./usr/lib/helr/LICENSE' '$tmp/contents'"
expect "contents: no /var/lib/helr (systemd makes it for the dynamic user: StateDirectory=helr)" bash -c "! grep -q '\./var/lib/helr' '$tmp/contents'"

# Extracted into a temporary root: helr from /usr/bin, its plugins and the shipped config.
root="$tmp/root"
dpkg -x "$deb" "$root"
out=$(python3 packaging/check-copyright.py "$root/usr/share/doc/helr/copyright" 2>&1)
expect "package: copyright is machine-readable and puts Helr under MIT or Apache-2.0, both texts present" test -z "$out"
[ -z "$out" ] || echo "$out"
out=$(bare "$root/usr/bin/helr" --version 2>&1)
expect "package: /usr/bin/helr --version prints $version" grep -q "^$version" <<<"$out"
out=$(bare "$root/usr/bin/helr" plugins list 2>&1)
expect "package: plugins list finds them in <root>/usr/lib/helr/plugins" \
  test "$(grep -c "^  [a-z]* [0-9][^ ]* (sdk.*$root/usr/lib/helr/plugins/" <<<"$out")" -eq "$(wc -w <<<"$plugins")"
out=$(bare "$root/usr/bin/helr" validate -c "$root/etc/helr/helr.yaml" 2>&1); rc=$?
expect "package: validate accepts /etc/helr/helr.yaml (no source yet, with a warning)" \
  bash -c '[ "$0" -eq 0 ] && grep -q "no source is configured" <<<"$1"' "$rc" "$out"
[ "$rc" -eq 0 ] || echo "$out"
out=$(bare "$root/usr/bin/helr" run --once -c "$root/etc/helr/helr.yaml" 2>&1); rc=$?
expect "package: run refuses the config with no source (exit 1)" test "$rc" -eq 1
# The commented sources, uncommented, with their secrets where LoadCredential= puts them.
sed -e '/^sources: {}$/,$ s/^#  /  /' -e 's/^sources: {}$/sources:/' "$root/etc/helr/helr.yaml" > "$tmp/enabled.yaml"
mkdir -p "$tmp/creds" && for c in okta-token github-token my-api-token; do echo x > "$tmp/creds/helr_$c"; done
out=$(bare /usr/bin/env CREDENTIALS_DIRECTORY="$tmp/creds" "$root/usr/bin/helr" validate -c "$tmp/enabled.yaml" 2>&1); rc=$?
expect "package: its commented example sources, enabled, validate with credentials from \$CREDENTIALS_DIRECTORY" \
  bash -c '[ "$0" -eq 0 ] && grep -q "3 sources" <<<"$1"' "$rc" "$out"
[ "$rc" -eq 0 ] || echo "$out"

# The unit: the settings the issue names, then systemd's own check.
unit="$root/usr/lib/systemd/system/helr.service"
for line in "ExecStart=/usr/bin/helr run --config /etc/helr/helr.yaml \$HELR_OPTS" 'ExecReload=/bin/kill -HUP $MAINPID' \
  DynamicUser=yes StateDirectory=helr 'LoadCredential=helr:/etc/helr/credentials' ProtectSystem=strict \
  NoNewPrivileges=yes Restart=on-failure 'EnvironmentFile=-/etc/default/helr'; do
  expect "unit: $line" grep -qxF "$line" "$unit"
done
if ! command -v systemd-analyze >/dev/null; then
  skip "systemd-analyze verify helr.service" "systemd-analyze is not installed"
else
  # verify checks that ExecStart's program exists: point it at the extracted one, nothing else changes.
  sed "s:^ExecStart=/usr/bin/helr:ExecStart=$root/usr/bin/helr:" "$unit" > "$tmp/helr.service"
  if out=$(systemd-analyze verify "$tmp/helr.service" 2>&1) && [ -z "$out" ]; then
    pass "systemd-analyze verify helr.service"
  else
    fail "systemd-analyze verify helr.service" "$out"
  fi
fi

# PASS/FAIL/SKIP lines of a checking script, counted here; a non-zero exit without a FAIL line fails too.
counted() {
  local out rc line
  out=$("$@" 2>&1); rc=$?
  while IFS= read -r line; do
    case "$line" in
      PASS:*) pass "${line#PASS: }" ;;
      FAIL:*) fail "${line#FAIL: }" ;;
      SKIP:*) echo "$line"; skipped=$((skipped + 1)) ;;
      *) echo "$line" ;;
    esac
  done <<<"$out"
  grep -q '^FAIL' <<<"$out" || [ "$rc" -eq 0 ] || fail "$* exited $rc"
}
# The package's maintainer scripts: install, upgrade, remove and purge under a temporary root.
counted packaging/test-maintscripts.sh "$deb"
# The shipping examples (Vector, Alloy, Fluent Bit).
counted python3 packaging/test-shipping.py
summary
