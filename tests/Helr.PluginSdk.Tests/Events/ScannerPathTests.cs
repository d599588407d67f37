using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Helr.PluginSdk.Events;
using Xunit.Abstractions;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// Which of the scanner's code paths this test process takes. .ci/run runs the scanner tests three
/// times: as the machine allows, with DOTNET_EnableAVX512=0, and with DOTNET_EnableAVX2=0 and
/// DOTNET_EnableAES=0 (PCLMULQDQ is in the AES group), each time naming in
/// <see cref="PathsOffVariable"/> the paths it switched off, so a knob the runtime ignores fails here
/// instead of quietly testing the wide path twice. (.NET 10 ignores DOTNET_EnableAVX512F: AVX-512
/// is one ISA there, switched by DOTNET_EnableAVX512.)
/// </summary>
public sealed class ScannerPathTests(ITestOutputHelper output)
{
    /// <summary>Space-separated names from <see cref="ActivePaths"/> this run must not take.</summary>
    public const string PathsOffVariable = "HELR_SCANNER_PATHS_OFF";

    [Fact]
    public void The_scanner_takes_the_paths_this_run_expects()
    {
        var active = ActivePaths();
        output.WriteLine($"scanner paths: {string.Join(" ", active)}");
        var off = Environment.GetEnvironmentVariable(PathsOffVariable);
        if (string.IsNullOrWhiteSpace(off))
        {
            // Nothing switched off: the widest path the runtime accelerates.
            var widest = Vector512.IsHardwareAccelerated && Avx512BW.IsSupported ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
            Assert.Equal(widest, JsonByteClassifier.Width);
            return;
        }
        foreach (var name in off.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(Known.Contains(name), $"{PathsOffVariable} names an unknown path \"{name}\"");
            Assert.False(active.Contains(name), $"{name} still runs although {PathsOffVariable}=\"{off}\": the runtime ignored the knob meant to switch it off");
        }
    }

    private static readonly string[] Known =
    {
        "classify-512", "classify-256", "classify-128", "compress-vbmi2", "compress-scalar", "prefix-xor-clmul", "prefix-xor-scalar",
    };

    // The path each of the scanner's runtime choices takes here: JsonByteClassifier.Classify, and
    // JsonTokenIndexer's Flatten and PrefixXor, which ask the runtime exactly these questions.
    private static HashSet<string> ActivePaths() => new()
    {
        $"classify-{JsonByteClassifier.Width}",
        Avx512Vbmi2.IsSupported ? "compress-vbmi2" : "compress-scalar",
        Pclmulqdq.IsSupported ? "prefix-xor-clmul" : "prefix-xor-scalar",
    };
}
