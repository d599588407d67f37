using System.Diagnostics;

namespace Helr.Tests.Servers;

/// <summary>
/// A private redis-server on a free loopback port with its data in a temp folder (append-only file,
/// fsync always, so a stop/start keeps the data as a real deployment with persistence would).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _dir;
    private Process? _process;

    private RedisServer(string dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}/";

    public static async Task<RedisServer> StartAsync()
    {
        if (TestServices.RedisServer is null) throw new InvalidOperationException(TestServices.MissingReason("redis"));
        return await TestServices.OnFreePortAsync(async port =>
        {
            var dir = Path.Combine(Path.GetTempPath(), "helr-redis-" + Guid.NewGuid().ToString("N")[..10]);
            Directory.CreateDirectory(dir);
            var server = new RedisServer(dir, port);
            try
            {
                await server.StartAsync_();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
            return server;
        });
    }

    /// <summary>Starts the server again (same port, same data) after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync() => StartAsync_();

    private async Task StartAsync_()
    {
        var info = new ProcessStartInfo(TestServices.RedisServer!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir,
        };
        foreach (var a in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--save", "", "--appendonly", "yes",
                     "--appendfsync", "always", "--protected-mode", "no", "--daemonize", "no", "--loglevel", "notice" })
            info.ArgumentList.Add(a);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.Exited += (_, _) =>
        {
            process.WaitForExit(); // drains the output, so the log below has the reason ("Address already in use")
            lock (log) ready.TrySetException(new InvalidOperationException($"redis-server exited: {log}"));
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the server the way an operator would (SIGTERM; it writes its data and exits).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var kill = Process.Start("kill", $"-TERM {_process.Id}")) await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null && !_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
