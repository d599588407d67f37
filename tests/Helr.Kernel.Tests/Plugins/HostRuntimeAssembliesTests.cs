using System.Text;
using Helr.Kernel.Plugins;
using Xunit;

namespace Helr.Kernel.Tests.Plugins;

/// <summary>
/// A self-contained helr keeps its libraries and the runtime in one folder: only the runtime pack's
/// assemblies may be shared with plugins, so a plugin's own copy of a library helr also ships stays its own.
/// </summary>
public sealed class HostRuntimeAssembliesTests
{
    // The shape `dotnet publish --self-contained` writes (trimmed to a few entries).
    private const string SelfContainedDeps = """
        {
          "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0/linux-x64" },
          "targets": {
            ".NETCoreApp,Version=v10.0/linux-x64": {
              "helr/0.1.0": { "dependencies": { "YamlDotNet": "16.3.0" }, "runtime": { "helr.dll": {} } },
              "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/10.0.12": {
                "runtime": { "System.Private.CoreLib.dll": {}, "System.Text.Json.dll": {} },
                "native": { "libcoreclr.so": {} }
              },
              "runtimepack.Microsoft.AspNetCore.App.Runtime.linux-x64/10.0.12": {
                "runtime": { "Microsoft.Extensions.Logging.Abstractions.dll": {} }
              },
              "YamlDotNet/16.3.0": { "runtime": { "lib/net8.0/YamlDotNet.dll": {} } }
            }
          }
        }
        """;

    [Fact]
    public void Self_contained_deps_give_the_runtime_packs_assemblies_only()
    {
        var names = HostRuntimeAssemblies.FromDeps(Encoding.UTF8.GetBytes(SelfContainedDeps));
        Assert.NotNull(names);
        Assert.Equal(["System.Private.CoreLib", "System.Text.Json"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Framework_dependent_deps_have_no_runtime_pack()
    {
        var deps = """{ "targets": { ".NETCoreApp,Version=v10.0": { "helr/0.1.0": { "runtime": { "helr.dll": {} } } } } }""";
        Assert.Null(HostRuntimeAssemblies.FromDeps(Encoding.UTF8.GetBytes(deps)));
    }

    [Fact]
    public void The_running_host_shares_the_runtime_and_not_its_libraries()
    {
        var names = HostRuntimeAssemblies.Load();
        Assert.Contains("System.Private.CoreLib", names);
        Assert.DoesNotContain("YamlDotNet", names);
        Assert.DoesNotContain("xunit.core", names);
    }
}
