#!/usr/bin/env bash
# The third-party path of issue 19, end to end and outside the solution's project references:
# packs Helr.PluginSdk, Helr.PluginSdk.Testing and the helr-plugin template into a temporary local
# feed, installs the template into a temporary hive, creates a plugin, builds it and runs its tests
# against the packed packages, copies its build output into a temporary plugins folder, and checks
# that `helr plugins list` shows it and `helr run --once` collects with it from a fake API; and builds
# docs/plugins.md's C# examples into a second created plugin and runs its in-process test example.
# CPU heavy (three packs, three restores, two test builds): .ci/run calls it once; run it alone with
#   bash templates/test-template.sh
# Prints "template checks - Failed: F, Passed: P, Skipped: 0" for .ci/run's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
# A version no earlier run used, so the global packages folder never serves a stale copy.
version="1.0.0-ci.$(date +%s)"
passed=0 failed=0
cleanup() {
  [ -n "${api_pid:-}" ] && kill "$api_pid" 2>/dev/null || true
  rm -rf "$work" "$HOME/.nuget/packages/helr.pluginsdk/$version" "$HOME/.nuget/packages/helr.pluginsdk.testing/$version"
}
trap cleanup EXIT
check() { # check <description> <command...>
  local what=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $what"; else failed=$((failed + 1)); echo "FAILED: $what"; fi
}
summary() { echo "template checks - Failed: $failed, Passed: $passed, Skipped: 0"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

feed="$work/feed"
dotnet pack src/Helr.PluginSdk.Testing -o "$feed" --nologo -v q -p:VersionSuffix="${version#1.0.0-}"
dotnet pack src/Helr.PluginSdk -o "$feed" --nologo -v q -p:VersionSuffix="${version#1.0.0-}"
template_pack=$(dotnet pack templates/Helr.Plugin.Templates.csproj -o "$feed" --nologo -v m 2>&1)
check "the template package packs without a warning or message about its contents (a missing readme, a dependency on a framework)" \
  bash -c "! grep -Eiq 'warning|missing a readme' <<<\"\$0\" &&
           unzip -l '$feed/Helr.Plugin.Templates.1.0.0.nupkg' | grep -Eq ' README.md\$' &&
           ! unzip -p '$feed/Helr.Plugin.Templates.1.0.0.nupkg' Helr.Plugin.Templates.nuspec | grep -q '<dependencies>'" "$template_pack"
check "the SDK package carries its README, XML docs and the SourceLink repository element" \
  bash -c "unzip -l '$feed/Helr.PluginSdk.$version.nupkg' | grep -q README.md &&
           unzip -l '$feed/Helr.PluginSdk.$version.nupkg' | grep -q lib/net10.0/Helr.PluginSdk.xml &&
           unzip -p '$feed/Helr.PluginSdk.$version.nupkg' Helr.PluginSdk.nuspec | grep -q '<repository '"
licensed() { # licensed <nupkg>: the license expression in the nuspec and the three files at the root
  # Read first, then grep: under pipefail, grep -q quitting early would fail unzip's write (SIGPIPE).
  local nuspec listing f
  nuspec=$(unzip -p "$1" '*.nuspec') && listing=$(unzip -l "$1") || return 1
  grep -qF '<license type="expression">MIT OR Apache-2.0</license>' <<<"$nuspec" || return 1
  for f in LICENSE LICENSE-MIT LICENSE-APACHE; do grep -Eq " $f\$" <<<"$listing" || return 1; done
}
for package in "Helr.PluginSdk.$version" "Helr.PluginSdk.Testing.$version" Helr.Plugin.Templates.1.0.0; do
  check "$package.nupkg declares MIT OR Apache-2.0 and carries LICENSE, LICENSE-MIT and LICENSE-APACHE" \
    licensed "$feed/$package.nupkg"
done
kit=$(unzip -l "$feed/Helr.PluginSdk.Testing.$version.nupkg")
check "the test kit package ships helr.dll as a run-time asset (lib/) and depends on no helr package" \
  bash -c "grep -q ' lib/net10.0/helr.dll\$' <<<\"\$0\" &&
           ! unzip -p '$feed/Helr.PluginSdk.Testing.$version.nupkg' Helr.PluginSdk.Testing.nuspec | grep -qi 'dependency id=\"helr\"'" "$kit"
check "the test kit's compile assets (ref/) are the kit alone: tests never compile against the kernel" \
  test "$(grep -o ' ref/net10.0/.*\.dll$' <<<"$kit" | tr -d ' ')" = ref/net10.0/Helr.PluginSdk.Testing.dll
check "the test kit package holds no copy of the SDK (it depends on Helr.PluginSdk)" \
  bash -c "! grep -q 'Helr.PluginSdk.dll' <<<\"\$0\" &&
           unzip -p '$feed/Helr.PluginSdk.Testing.$version.nupkg' Helr.PluginSdk.Testing.nuspec | grep -q 'dependency id=\"Helr.PluginSdk\" version=\"$version\"'" "$kit"

# The created plugin sees only the local feed and nuget.org, not this repository's build files.
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
hive="$work/hive"
dotnet new install "$feed/Helr.Plugin.Templates.1.0.0.nupkg" --debug:custom-hive "$hive" >/dev/null
dotnet new helr-plugin -n Demo -o "$work/Demo" --sdkVersion "$version" --debug:custom-hive "$hive"
check "the template creates a source type, sample.yaml, a fixture and a test project" \
  test -f "$work/Demo/src/DemoSourceType.cs" -a -f "$work/Demo/sample.yaml" -a -f "$work/Demo/testdata/events-page1.json" -a -f "$work/Demo/tests/Helr.Plugins.Demo.Tests.csproj"
# Warnings as errors: a plugin's own build may set it, and a restore warning (NU1603) then fails it.
check "the created plugin's tests build without a warning against the packed packages and pass" \
  dotnet test "$work/Demo/tests" --nologo -v q -p:TreatWarningsAsErrors=true

# A name that is no C# identifier: the project reference of its tests named a file the template had not written.
dotnet new helr-plugin -n acme-audit -o "$work/acme-audit" --sdkVersion "$version" --debug:custom-hive "$hive" >/dev/null
check "a plugin named acme-audit (not a C# identifier) builds its tests without a warning" \
  dotnet build "$work/acme-audit/tests" --nologo -v q -p:TreatWarningsAsErrors=true

# docs/plugins.md's C# examples as a reader copies them: the plugin listings compiled into a plugin the
# template made (its own sources removed), the in-process test run against them.
dotnet new helr-plugin -n Docs -o "$work/Docs" --sdkVersion "$version" --debug:custom-hive "$hive" >/dev/null
python3 - "$repo/docs/plugins.md" "$work/Docs" <<'PY'
import pathlib, re, sys
docs, plugin = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
for f in [*plugin.glob("src/*.cs"), *plugin.glob("tests/*.cs")]: f.unlink()
usings = "".join(f"using Helr.PluginSdk{n};\n" for n in ["", ".Auth", ".Config", ".Declarative", ".Events", ".Http", ".Paging", ".Sources", ".Time"])
blocks = re.findall(r"```csharp\n(.*?)```", docs, re.S)
tests = [b for b in blocks if "SourceHarness" in b]
assert tests and len(blocks) > len(tests), "docs/plugins.md: no plugin listing or no test example"
for i, block in enumerate(b for b in blocks if b not in tests):
    (plugin / f"src/Example{i}.cs").write_text(f"{usings}namespace Docs;\n\n{block}")
for i, block in enumerate(tests):
    (plugin / f"tests/Example{i}Tests.cs").write_text(
        f"using Docs;\n\nnamespace Docs.Tests;\n\npublic sealed class Example{i}Tests\n{{\n    [Fact]\n    public async Task Runs()\n    {{\n{block}    }}\n}}\n")
PY
check "docs/plugins.md's examples build against the packed packages and its in-process test passes" \
  dotnet test "$work/Docs/tests" --nologo -v q

plugins="$work/plugins"
mkdir -p "$plugins/demo"
cp -r "$work/Demo/src/bin/Debug/net10.0/." "$plugins/demo/"
check "the plugin folder holds no copy of the SDK" test ! -e "$plugins/demo/Helr.PluginSdk.dll"
check "the plugin folder holds neither helr.dll nor the test kit (only the test output does)" \
  test ! -e "$plugins/demo/helr.dll" -a ! -e "$plugins/demo/Helr.PluginSdk.Testing.dll" -a -f "$work/Demo/tests/bin/Debug/net10.0/helr.dll"
helr="$repo/dist/helr"
list=$("$helr" plugins list --plugins-dir "$plugins" 2>&1 || true)
echo "$list"
check "helr plugins list shows the plugin with its source type" grep -Eq "^  demo 0\.1\.0 \(sdk 1\.0\.0\) types: demo " <<<"$list"
inspect=$("$helr" plugins inspect demo --plugins-dir "$plugins" 2>&1 || true)
check "helr plugins inspect shows the keys the template describes and its sample.yaml" \
  bash -c 'grep -q "^  pagination.cursor_param: string (default cursor)" <<<"$1" && grep -q "^    type: demo$" <<<"$1"' _ "$inspect"

# A fake Acme API: two pages joined by a cursor; it checks the bearer token.
port_file="$work/port"
python3 - "$port_file" "$work/Demo/testdata" <<'PY' &
import http.server, pathlib, sys, urllib.parse
data = pathlib.Path(sys.argv[2])
class Api(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        cursor = urllib.parse.parse_qs(url.query).get("cursor", [""])[0]
        ok = url.path == "/v1/audit" and self.headers.get("Authorization") == "Bearer t0ken"
        body = (data / ("events-page2.json" if cursor == "c2" else "events-page1.json")).read_bytes() if ok else b'{"error":"no"}'
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
server = http.server.HTTPServer(("127.0.0.1", 0), Api)
pathlib.Path(sys.argv[1]).write_text(str(server.server_port))
server.serve_forever()
PY
api_pid=$!
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
cat > "$work/helr.yaml" <<YAML
sources:
  demo-audit:
    type: demo
    url: http://127.0.0.1:$(cat "$port_file")/v1/audit
    auth:
      type: bearer
      token_env: ACME_TOKEN
YAML
out=$(cd "$work" && ACME_TOKEN=t0ken "$helr" run --once -c "$work/helr.yaml" --plugins-dir "$plugins" 2>"$work/run.log") || { cat "$work/run.log"; true; }
ids=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["event"]["id"] for l in sys.stdin if l.strip()))' <<<"$out" || true)
echo "events written: $ids"
check "helr run --once collects every event through the plugin" test "$ids" = "e1 e2 e3"
summary
[ "$failed" -eq 0 ]
