using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace Helr.Tests.Servers;

/// <summary>
/// Where the Redis and PostgreSQL server binaries are (.ci/services.sh exports them; otherwise the
/// usual Debian locations), and small process helpers. Tests start their own servers from these.
/// <c>HELR_TEST_REDIS_SERVER=none</c> / <c>HELR_TEST_PG_BIN=none</c> act as if the server were not
/// installed, to see the tests that need it reported as skipped.
/// </summary>
public static class TestServices
{
    public static string? RedisServer { get; } = FindRedis();

    public static string? PgBin { get; } = FindPgBin();

    /// <summary>Null when the backend can be tested here, else why not.</summary>
    public static string? MissingReason(string backend) => backend switch
    {
        "redis" when RedisServer is null => "redis-server not found (set HELR_TEST_REDIS_SERVER or install the redis-server package; .ci/services.sh does)",
        "postgres" when PgBin is null => "PostgreSQL binaries not found (set HELR_TEST_PG_BIN or install the postgresql package; .ci/services.sh does)",
        _ => null,
    };

    /// <summary>
    /// Starts a backend's server, or ends the test as skipped with the reason (binaries missing, or the
    /// server would not start here). The test must be a <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>:
    /// under a plain <c>[Fact]</c> the skip is reported as a failure, never as a pass.
    /// </summary>
    public static async Task<T> StartOrSkipAsync<T>(string backend, Func<Task<T>> start)
    {
        var reason = MissingReason(backend);
        if (reason is not null) throw new SkipException(reason);
        try
        {
            return await start();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            throw new SkipException($"cannot start a {backend} server here: {ex.Message}");
        }
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// A loopback port that was free a moment ago. redis-server and postgres take a port number, not a
    /// socket, so the port has to be released before they bind it and another process may take it in
    /// between: callers start the server through <see cref="OnFreePortAsync{T}"/>, which tries again on a
    /// new port when the bind fails. Everything in-process binds port 0 and keeps its listener instead.
    /// </summary>
    /// <remarks>
    /// Taken below the kernel's ephemeral range where there is one (Linux): the outage tests stop a server
    /// and start it again on its port, and meanwhile a port from that range may go to any bind(0) or
    /// outgoing connection on the machine (other tests' fake APIs, helr's requests), failing the restart.
    /// </remarks>
    private static int ProbeFreePort()
    {
        if (EphemeralRangeStart() is { } first && first > FixedPortsFloor + 1_000)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var port = Random.Shared.Next(FixedPortsFloor, first);
                try
                {
                    using var fixedPort = new TcpListener(IPAddress.Loopback, port);
                    fixedPort.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // In use: try another.
                }
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Below it, registered services (databases, brokers) are more likely to be listening already.
    private const int FixedPortsFloor = 20_000;

    private static int? EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Runs <paramref name="start"/> on a probed port, again on a new one (up to five tries) when the port was taken meanwhile.</summary>
    public static async Task<T> OnFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(ProbeFreePort());
            }
            catch (Exception ex) when (attempt < 5 && ex.Message.Contains("already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Lost the race for the port: take another one.
            }
        }
    }

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {output}");
        return output;
    }

    private static string? FindRedis()
    {
        var env = Environment.GetEnvironmentVariable("HELR_TEST_REDIS_SERVER");
        if (env == "none") return null;
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/local/bin"))
        {
            var path = Path.Combine(dir, "redis-server");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static string? FindPgBin()
    {
        var env = Environment.GetEnvironmentVariable("HELR_TEST_PG_BIN");
        if (env == "none") return null;
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "initdb"))) return env;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }
}
