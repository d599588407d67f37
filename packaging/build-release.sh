#!/usr/bin/env bash
# Builds the self-contained release: helr with the .NET runtime and the ASP.NET Core shared framework
# inside it (no runtime needed on the host), ReadyToRun, with every plugin in plugins/<name>/ beside
# it, into artifacts/helr-<version>-<rid>/ and artifacts/helr-<version>-<rid>.tar.gz.
#
#   packaging/build-release.sh [rid]      rid: linux-x64 (default) or linux-arm64
#
# Plugins are published for the same RID but framework-dependent: they run inside helr's process on
# helr's runtime, so a copy of the runtime per plugin would be ~70 MB of files the loader never uses
# (it resolves the runtime's own assemblies from helr, see PluginPrivateAssemblies).
# Set HELR_RELEASE_R2R=false to skip ReadyToRun (faster build, slower start-up).
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
r2r="${HELR_RELEASE_R2R:-true}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version=$(dotnet msbuild src/Helr.Kernel/Helr.Kernel.csproj -nologo -getProperty:Version)
name="helr-$version-$rid"
out="$PWD/artifacts/$name"
# Build outputs that are not the release: kept out of dist/ (the README's Release build) and out/.
scratch="$PWD/artifacts/.build/$rid"
rm -rf "$out" "$out.tar.gz" "$scratch"
mkdir -p "$out/plugins" "$scratch"

common=(-c Release -r "$rid" --nologo -v q -p:PublishReadyToRun="$r2r" -p:HelrDistDir="$scratch/dist/")

# The kernel's project fixes OutDir to dist/ and, in Release, republishes framework-dependent into
# it after every build: both redirected here so the release never touches dist/.
dotnet publish src/Helr.Kernel/Helr.Kernel.csproj "${common[@]}" --self-contained true \
  -p:OutDir="$scratch/kernel/" -p:HelrSkipReadyToRun=true -o "$out"

for project in plugins/*/src/*.csproj; do
  folder=$(sed -n 's:.*<HelrPluginFolder>\(.*\)</HelrPluginFolder>.*:\1:p' "$project")
  [ -n "$folder" ] || { echo "no HelrPluginFolder in $project" >&2; exit 1; }
  dotnet publish "$project" "${common[@]}" --self-contained false -o "$out/plugins/$folder"
  # The SDK is helr's: a plugin's copy would be a second type identity (the build excludes it too).
  rm -f "$out/plugins/$folder"/Helr.PluginSdk.*
done

# Symbols stay out of the release; a bug report's stack trace still names methods.
find "$out" -name '*.pdb' -delete
# The license travels with every copy: MIT OR Apache-2.0, the texts of both.
cp README.md LICENSE LICENSE-MIT LICENSE-APACHE "$out/"
cp helr.yaml "$out/helr.example.yaml"

tar -C "$out/.." -czf "$out.tar.gz" "$name"
echo "release: $out ($(du -sh "$out" | cut -f1)), $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1))"
