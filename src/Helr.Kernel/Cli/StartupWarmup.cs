using System.Buffers;
using Helr.Kernel.Http;
using Helr.Kernel.Output;

namespace Helr.Kernel.Cli;

/// <summary>
/// Start-up work of <c>run</c> done early on another thread while the main thread reads the config,
/// with the second core otherwise idle (docs/performance.md, "Start-up"):
/// <list type="bullet">
/// <item>YamlDotNet's static initialiser for tag directives (a compiled regular expression);</item>
/// <item>one page fetched from a canned in-memory response through a source's own HTTP client and
/// rendered (<see cref="HttpWarmup"/>): the HTTP stack, the resilience pipelines, the event scanner and
/// the envelope writer are loaded and JIT-compiled before the first real page needs them;</item>
/// <item>when the config reaches a source over HTTPS, the system's trusted roots on a second work item
/// (<see cref="TlsWarmup"/>).</item>
/// </list>
/// Everything here is thrown away: the run builds its own series, clients and writers, and reports what fails there.
/// </summary>
internal static class StartupWarmup
{
    /// <summary>
    /// Whether the command line is likely a <c>run</c> (or no command, which is <c>run</c>), judged before
    /// parsing so the warm-up starts first thing. A wrong guess only wastes the warm-up.
    /// </summary>
    public static bool LikelyRun(string[] args) => args.Length == 0 || args[0] is "run" or "test" || args[0].StartsWith('-');

    /// <summary>Whether the command reads a config and fetches nothing (<c>validate</c>): only the YAML part is warmed up.</summary>
    public static bool ReadsConfigOnly(string[] args) => args is ["validate", ..];

    // Never blocks a pool thread: the run's own first page needs the pool's few threads.
    public static void Start(string[] args)
    {
        ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = RunAsync(), null);
        if (TlsWarmup.ConfigReachesHttps(args)) ThreadPool.UnsafeQueueUserWorkItem(static _ => _ = TlsWarmup.Run(), null);
    }

    /// <summary>
    /// For <see cref="ReadsConfigOnly"/>: YamlDotNet's static initialiser alone, which the main thread
    /// would otherwise pay before parsing (<c>validate</c>: 76 → 69 ms on two cores).
    /// </summary>
    public static void StartConfigOnly() => ThreadPool.UnsafeQueueUserWorkItem(static _ => InitYaml(), null);

    // YamlDotNet's parser compiles a regular expression for tag handles in a static initialiser
    // (~10 ms): started early, it is done or under way when the main thread reads the config.
    private static void InitYaml() => _ = new YamlDotNet.Core.Tokens.TagDirective("!", "!");

    /// <summary>The warm-up itself; returns the number of lines it rendered (0 when something failed).</summary>
    internal static async Task<int> RunAsync()
    {
        try
        {
            InitYaml();
            var (body, events) = await HttpWarmup.FetchAsync();
            var envelope = new EnvelopeWriter("source", "warmup", null, null, TimeProvider.System);
            var lines = new ArrayBufferWriter<byte>(1024);
            foreach (var range in events) envelope.Write(lines, body.Span[range], "http://warmup.invalid/logs");
            return events.Count;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Only a warm-up: the run builds its own and reports what fails there.
            return 0;
        }
    }
}
