#!/usr/bin/env python3
"""Checks a release folder (artifacts/helr-<version>-<rid>/) without running it, so it works for a
foreign architecture too: helr is a self-contained host for the RID carrying the .NET runtime and
the ASP.NET Core shared framework (Kestrel); helr and the plugins are ReadyToRun for that RID; each
plugin is framework-dependent (no runtime copy, no runtimeconfig) and carries no copy of the SDK.
Usage: check-release-layout.py DIR RID PLUGIN... ; prints each problem, exits 1 if any."""
import json
import struct
import sys
from pathlib import Path

folder, rid, plugins = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
ELF_MACHINE = {"linux-x64": 62, "linux-arm64": 183}
# ReadyToRun images for Linux carry the target machine XOR'd with 0x7B79 in the PE header.
R2R_MACHINE = {"linux-x64": 0x8664 ^ 0x7B79, "linux-arm64": 0xAA64 ^ 0x7B79}
problems = []


def ready_to_run_machine(path):
    """The PE machine of a ReadyToRun image, or None for IL-only (no ManagedNativeHeader)."""
    header = ready_to_run_header(path)
    return header[0] if header else None


# READYTORUN_FLAG_SKIP_TYPE_VALIDATION: crossgen2 could check every type layout the code relies on.
# A plugin compiled without the SDK among its references lacks it, and crossgen2 then left out every
# method that touches an SDK type (plugins/Plugin.targets, HelrReadyToRunSdkReference).
R2R_SKIP_TYPE_VALIDATION = 0x2


def ready_to_run_flags(path):
    """The ReadyToRun header's flags, or None for IL-only."""
    header = ready_to_run_header(path)
    return header[1] if header else None


def ready_to_run_header(path):
    """(PE machine, ReadyToRun flags) of a ReadyToRun image, or None for IL-only (no ManagedNativeHeader)."""
    b = path.read_bytes()
    pe = struct.unpack_from("<I", b, 0x3C)[0]
    machine, sections = struct.unpack_from("<HH", b, pe + 4)
    optional_size = struct.unpack_from("<H", b, pe + 20)[0]
    magic = struct.unpack_from("<H", b, pe + 24)[0]
    directories = pe + 24 + (96 if magic == 0x10B else 112)
    cli_rva = struct.unpack_from("<I", b, directories + 14 * 8)[0]
    table = pe + 24 + optional_size
    for i in range(sections):
        size, va, raw_size, raw = struct.unpack_from("<IIII", b, table + i * 40 + 8)
        if va <= cli_rva < va + max(size, raw_size):
            cli = cli_rva - va + raw
            native_header_rva = struct.unpack_from("<I", b, cli + 64)[0]
            if not native_header_rva:
                return None
            for j in range(sections):
                size2, va2, raw_size2, raw2 = struct.unpack_from("<IIII", b, table + j * 40 + 8)
                if va2 <= native_header_rva < va2 + max(size2, raw_size2):
                    # READYTORUN_HEADER: signature "RTR", major and minor version, flags.
                    flags = struct.unpack_from("<I", b, native_header_rva - va2 + raw2 + 8)[0]
                    return machine, flags
            return machine, 0
    return None


def expect(ok, problem):
    if not ok:
        problems.append(problem)


helr = folder / "helr"
expect(helr.is_file() and helr.read_bytes()[:4] == b"\x7fELF", f"{helr}: no ELF executable")
if helr.is_file():
    expect(struct.unpack_from("<H", helr.read_bytes(), 18)[0] == ELF_MACHINE[rid], f"{helr}: not built for {rid}")
config = json.loads((folder / "helr.runtimeconfig.json").read_text())["runtimeOptions"]
included = {f["name"] for f in config.get("includedFrameworks", [])}
expect({"Microsoft.NETCore.App", "Microsoft.AspNetCore.App"} <= included and "framework" not in config
       and "frameworks" not in config, f"helr.runtimeconfig.json: not self-contained with ASP.NET Core: {config}")
expect(config.get("configProperties", {}).get("System.GC.ConserveMemory") == 5,
       "helr.runtimeconfig.json: System.GC.ConserveMemory is not 5 (a continuous run's heap would grow, docs/performance.md)")
for name in ["libcoreclr.so", "System.Private.CoreLib.dll", "Microsoft.AspNetCore.Server.Kestrel.Core.dll", "libe_sqlite3.so"]:
    expect((folder / name).is_file(), f"{name} missing from the host")
for name in ["helr.dll", "Helr.PluginSdk.dll"]:
    expect(ready_to_run_machine(folder / name) == R2R_MACHINE[rid], f"{name}: not ReadyToRun for {rid}")
expect(not list(folder.rglob("*.pdb")), "symbol files (*.pdb) in the release")

found = sorted(p.name for p in (folder / "plugins").iterdir() if p.is_dir())
expect(found == sorted(plugins), f"plugins/ holds {found}, expected {sorted(plugins)}")
for name in found:
    plugin = folder / "plugins" / name
    deps = list(plugin.glob("*.deps.json"))
    expect(len(deps) == 1, f"plugins/{name}: expected one .deps.json, found {len(deps)}")
    if deps:
        main = plugin / (deps[0].name[: -len(".deps.json")] + ".dll")
        expect(main.is_file() and ready_to_run_machine(main) == R2R_MACHINE[rid], f"plugins/{name}/{main.name}: not ReadyToRun for {rid}")
        expect(main.is_file() and (ready_to_run_flags(main) or 0) & R2R_SKIP_TYPE_VALIDATION,
               f"plugins/{name}/{main.name}: ReadyToRun compiled without the SDK's types (its methods would be JIT-compiled)")
        graph = json.loads(deps[0].read_text())
        expect(graph["runtimeTarget"]["name"] == f"{graph['runtimeTarget']['name'].split('/')[0]}/{rid}",
               f"plugins/{name}: deps.json targets {graph['runtimeTarget']['name']}, not {rid}")
        expect(not [k for k in graph["libraries"] if k.startswith("runtimepack.")],
               f"plugins/{name}: deps.json carries a runtime pack (published self-contained)")
    for copy in ["Helr.PluginSdk.dll", "System.Private.CoreLib.dll", "libcoreclr.so"]:
        expect(not (plugin / copy).exists(), f"plugins/{name}: ships {copy} (must come from helr)")
    expect(not list(plugin.glob("*.runtimeconfig.json")), f"plugins/{name}: has a runtimeconfig.json")
    expect((plugin / "sample.yaml").is_file(), f"plugins/{name}: no sample.yaml (helr plugins inspect prints it)")

for problem in problems:
    print(f"  {folder.name}: {problem}")
sys.exit(1 if problems else 0)
