using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Helr.Tests.Servers;

/// <summary>
/// Where the Redis and PostgreSQL server binaries are (.ci/services.sh exports them; otherwise the
/// usual Debian locations), and small process helpers. Tests start their own servers from these.
/// </summary>
public static class TestServices
{
    public static string? RedisServer { get; } = FindRedis();

    public static string? PgBin { get; } = FindPgBin();

    /// <summary>Null when the backend can be tested here, else why not.</summary>
    public static string? MissingReason(string backend) => backend switch
    {
        "redis" when RedisServer is null => "skipped: redis-server not found (set HELR_TEST_REDIS_SERVER or install the redis-server package; .ci/services.sh does)",
        "postgres" when PgBin is null => "skipped: PostgreSQL binaries not found (set HELR_TEST_PG_BIN or install the postgresql package; .ci/services.sh does)",
        _ => null,
    };

    public static bool IsRoot => Environment.UserName == "root";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "initdb"))) return env;
        if (!Directory.Exists("/usr/lib/postgresql")) return null;
        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }
}
