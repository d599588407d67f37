#!/usr/bin/env bash
# Turns the self-contained release into a Debian package with dpkg-deb alone:
#   artifacts/helr_<version>_<arch>.deb
#
#   packaging/build-deb.sh [rid]      rid: linux-x64 (amd64, default) or linux-arm64 (arm64)
#
# Builds the release first (packaging/build-release.sh) unless artifacts/helr-<version>-<rid>/ exists.
# Layout: /usr/lib/helr/ (helr + plugins/), /usr/bin/helr -> ../lib/helr/helr, /etc/helr/helr.yaml and
# /etc/default/helr (conffiles), /etc/helr/credentials/ (root-only, LoadCredential= source) and
# helr.service. /var/lib/helr is made by systemd (StateDirectory=helr), see docs/deploy.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "unsupported rid: $rid (linux-x64 or linux-arm64)" >&2; exit 2 ;;
esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(dotnet msbuild src/Helr.Kernel/Helr.Kernel.csproj -nologo -getProperty:Version)
release="$PWD/artifacts/helr-$version-$rid"
[ -x "$release/helr" ] || packaging/build-release.sh "$rid"

deb="$PWD/artifacts/helr_${version}_${arch}.deb"
# Set it to a real address before publishing a package (lintian: bogus-mail-host otherwise).
maintainer="${HELR_DEB_MAINTAINER:-Helr contributors <helr@localhost>}"
root="$PWD/artifacts/.build/deb-$arch"
rm -rf "$root" "$deb"
install -d -m 755 "$root/DEBIAN" "$root/usr/lib/helr" "$root/usr/bin" "$root/etc/helr" "$root/etc/default" \
  "$root/usr/lib/systemd/system" "$root/usr/share/doc/helr"
install -d -m 700 "$root/etc/helr/credentials"

cp -R "$release/." "$root/usr/lib/helr/"
# Debian keeps the license in /usr/share/doc/helr/copyright alone (lintian: extra-license-file).
rm -f "$root/usr/lib/helr/README.md" "$root/usr/lib/helr/helr.example.yaml" "$root/usr/lib/helr"/LICENSE*
# Debian's modes: 0644 for data and shared objects, 0755 for the executables only.
find "$root/usr/lib/helr" -type d -exec chmod 755 {} +
find "$root/usr/lib/helr" -type f -exec chmod 644 {} +
chmod 755 "$root/usr/lib/helr/helr" "$root/usr/lib/helr/createdump"
ln -s ../lib/helr/helr "$root/usr/bin/helr"
# NuGet's SQLite build keeps its symbols (lintian: unstripped-binary-or-object); the runtime's own
# libraries come stripped. Stripped when binutils for that architecture are here.
strip_tool=$([ "$arch" = amd64 ] && echo strip || echo aarch64-linux-gnu-strip)
if command -v "$strip_tool" >/dev/null && [ "$(uname -m)" = x86_64 ]; then
  "$strip_tool" --strip-unneeded "$root/usr/lib/helr/libe_sqlite3.so"
fi

install -m 644 packaging/deb/helr.yaml "$root/etc/helr/helr.yaml"
install -m 644 packaging/deb/default "$root/etc/default/helr"
install -m 644 packaging/deb/helr.service "$root/usr/lib/systemd/system/helr.service"
install -m 644 packaging/deb/copyright "$root/usr/share/doc/helr/copyright"
install -m 644 README.md docs/deploy.md "$root/usr/share/doc/helr/"
install -m 644 helr.yaml "$root/usr/share/doc/helr/helr.example.yaml"
printf 'helr (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$(date -R -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")" \
  | gzip -9n > "$root/usr/share/doc/helr/changelog.gz"
chmod 644 "$root/usr/share/doc/helr/changelog.gz"

install -m 755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
printf '/etc/helr/helr.yaml\n/etc/default/helr\n' > "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: helr
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3 | libssl1.1, ca-certificates
Section: admin
Priority: optional
Homepage: https://github.com/timescale/helr
Description: log collector for SaaS audit-log APIs, writing NDJSON
 Helr polls SaaS audit-log and event APIs (Okta, Google Workspace, GitHub,
 Slack, 1Password, Tailscale and any JSON HTTP API), pages through them,
 survives rate limits and outages, remembers where it stopped, and writes one
 NDJSON line per event to stdout or a file for a log shipper.
 .
 Self-contained: the .NET runtime is bundled in /usr/lib/helr. Runs as the
 hardened helr.service (DynamicUser, state in /var/lib/helr).
CONTROL
# gzip: readable by every dpkg; xz would save ~15% but takes far longer on two cores.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "deb: $deb ($(du -h "$deb" | cut -f1))"
