#!/usr/bin/env bash
# Runs the package's maintainer scripts as dpkg would, against the package extracted into a temporary
# root (DPKG_ROOT: deb-systemd-helper and the scripts touch nothing outside it, nor the running
# systemd): install, the operator's enable or disable, upgrades, remove and purge. Checks what
# systemd would start at boot, and what purge leaves behind.
#
#   packaging/test-maintscripts.sh artifacts/helr_<version>_<arch>.deb
#
# Prints PASS/FAIL/SKIP lines (packaging/test-release.sh counts them); exits 1 on any failure.
set -uo pipefail
deb=$1
failed=0
pass() { echo "PASS: maintainer scripts: $1"; }
fail() { echo "FAIL: maintainer scripts: $1"; failed=1; }
expect() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
if ! command -v deb-systemd-helper >/dev/null; then
  echo "SKIP: maintainer scripts: deb-systemd-helper is not installed (init-system-helpers)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root" ctrl="$tmp/DEBIAN"
dpkg -x "$deb" "$root" && dpkg-deb -e "$deb" "$ctrl" || { fail "cannot unpack $deb"; exit 1; }
version=$(dpkg-deb -f "$deb" Version)

# One maintainer script as dpkg runs it: $1 the script, then its arguments.
script() {
  [ -x "$ctrl/$1" ] || return 0
  env DPKG_ROOT="$root" DPKG_MAINTSCRIPT_PACKAGE=helr DPKG_MAINTSCRIPT_NAME="$1" sh "$ctrl/$1" "${@:2}" \
    || fail "$1 ${*:2} exited $?"
}
# The links `systemctl enable helr` makes and multi-user.target follows at boot.
wants="$root/etc/systemd/system/multi-user.target.wants/helr.service"
enabled() { [ -L "$wants" ]; }
disabled() { [ ! -e "$wants" ] && [ ! -L "$wants" ]; }
masked() { [ "$(readlink "$root/etc/systemd/system/helr.service" 2>/dev/null)" = /dev/null ]; }
# What `systemctl enable helr` and `systemctl disable helr` do to the links.
operator_enables() { mkdir -p "${wants%/*}" && ln -s /usr/lib/systemd/system/helr.service "$wants"; }
operator_disables() { rm -f "$wants"; }
upgrade() {
  script prerm upgrade "$version"
  script postrm upgrade "$version"
  script postinst configure "$version"
}

script postinst configure ""
expect "a fresh install leaves helr.service disabled (its config has no source: it would fail at every boot)" disabled
# What systemd makes for the dynamic user at the first start (StateDirectory=, LogsDirectory=).
mkdir -p "$root/var/lib/private/helr" "$root/var/log/private/helr"
touch "$root/var/lib/private/helr/helr-state.db" "$root/var/log/private/helr/events.ndjson"
ln -s private/helr "$root/var/lib/helr"
ln -s private/helr "$root/var/log/helr"
kept() { [ -f "$root/var/lib/helr/helr-state.db" ] && [ -f "$root/var/log/helr/events.ndjson" ]; }

operator_enables
upgrade
expect "an upgrade keeps helr.service enabled when the operator enabled it" enabled
operator_disables
upgrade
expect "an upgrade keeps helr.service disabled when the operator disabled it" disabled
expect "upgrades keep the state (checkpoints) and the output files" kept

operator_enables
script prerm remove
script postrm remove
expect "remove masks helr.service (its program is gone)" masked
script postinst configure "$version"                   # reinstalled before a purge
expect "a reinstall after remove unmasks helr.service and keeps it enabled" bash -c '[ -L "$0" ] && [ ! -L "$1" ]' \
  "$wants" "$root/etc/systemd/system/helr.service"

expect "remove and a reinstall keep the state and the output files" kept
script prerm remove
script postrm remove
script postrm purge
expect "purge leaves no link to helr.service, no mask and no deb-systemd-helper state" \
  bash -c '[ -z "$(find "$0/etc/systemd" "$0/var/lib/systemd" -name "helr.service*" 2>/dev/null)" ]' "$root"
expect "purge deletes the state and the output files" \
  bash -c '! [ -e "$0/var/lib/private/helr" ] && ! [ -L "$0/var/lib/helr" ] && ! [ -e "$0/var/log/private/helr" ] && ! [ -L "$0/var/log/helr" ]' "$root"
exit "$failed"
