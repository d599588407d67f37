using System.Diagnostics;
using System.Text;

namespace Helr.EndToEnd.Tests.Support;

/// <summary>Starts the real helr executable from dist/.</summary>
public sealed class HelrProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _output = new(0);
    private int _lines;

    private HelrProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Runs helr to completion (killed after <paramref name="timeout"/>, default 60 s).</summary>
    public static async Task<HelrResult> RunAsync(string arguments, string? workDir = null, string? stdin = null,
        IDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        await using var helr = Start(arguments, workDir, env, stdin is not null);
        if (stdin is not null)
        {
            await helr._process.StandardInput.WriteAsync(stdin);
            helr._process.StandardInput.Close();
        }
        return await helr.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs <paramref name="program"/> (e.g. bash redirecting helr's output) to completion.</summary>
    public static async Task<HelrResult> RunProgramAsync(string program, string arguments, string? workDir, TimeSpan timeout)
    {
        await using var process = Start(program, arguments, workDir, null, false);
        return await process.WaitAsync(timeout);
    }

    /// <summary>
    /// <c>helr run --once -c <paramref name="config"/></c> in <paramref name="dir"/>; fails the test
    /// (showing exit code, stdout and stderr) unless helr exits 0.
    /// </summary>
    public static async Task<HelrResult> RunOnceAsync(string config, TempDir dir)
    {
        var result = await RunAsync($"run --once -c {config}", dir.Path);
        Xunit.Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Starts helr and returns at once (for continuous runs, signals, kills).</summary>
    public static HelrProcess Start(string arguments, string? workDir = null, IDictionary<string, string?>? env = null, bool redirectStdin = false) =>
        Start(RepoPaths.Helr, arguments, workDir, env, redirectStdin);

    /// <summary>
    /// Starts helr with <paramref name="signal"/> (e.g. "INT") at its default action, as from a terminal. The test
    /// processes may have inherited it ignored (CI runs the suite as a background job of a script: SIGINT and
    /// SIGQUIT), and helr would inherit that; a shell cannot undo it (<c>trap - INT</c> keeps a signal that was
    /// ignored at its start ignored), GNU env can.
    /// </summary>
    public static HelrProcess StartWithDefaultSignal(string signal, string arguments, string? workDir = null) =>
        Start("env", $"--default-signal={signal} {RepoPaths.Helr} {arguments}", workDir, null, false);

    /// <summary>Starts <paramref name="program"/> (e.g. bash running helr in a pipeline) with helr's environment rules.</summary>
    public static HelrProcess Start(string program, string arguments, string? workDir, IDictionary<string, string?>? env, bool redirectStdin)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Path.GetTempPath(),
        };
        info.Environment.Remove("HELR_PLUGINS_DIR");
        info.Environment.Remove("HELR_LOG_LEVEL");
        info.Environment.Remove("HELR_LOG_FORMAT");
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                if (v is null) info.Environment.Remove(k);
                else info.Environment[k] = v;
            }
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var helr = new HelrProcess(process);
        var streams = 2;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { if (Interlocked.Decrement(ref streams) == 0) helr._exited.TrySetResult(); return; }
            lock (helr._stdout) helr._stdout.Append(e.Data).Append('\n');
            Interlocked.Increment(ref helr._lines);
            helr._output.Release();
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { if (Interlocked.Decrement(ref streams) == 0) helr._exited.TrySetResult(); return; }
            lock (helr._stderr) helr._stderr.Append(e.Data).Append('\n');
            helr._output.Release();
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return helr;
    }

    /// <summary>Completes once stdout has at least <paramref name="count"/> lines.</summary>
    public Task WaitForLinesAsync(int count, TimeSpan timeout) => WaitUntilAsync(() => Volatile.Read(ref _lines) >= count, timeout, $"{count} stdout lines");

    /// <summary>Completes once stderr contains <paramref name="text"/>.</summary>
    public Task WaitForStderrAsync(string text, TimeSpan timeout) => WaitUntilAsync(() => Stderr.Contains(text, StringComparison.Ordinal), timeout, $"stderr containing '{text}'");

    /// <summary>Completes once stderr contains <paramref name="text"/> at least <paramref name="times"/> times.</summary>
    public Task WaitForStderrAsync(string text, int times, TimeSpan timeout) =>
        WaitUntilAsync(() => Occurrences(Stderr, text) >= times, timeout, $"stderr containing '{text}' {times} times");

    private static int Occurrences(string haystack, string text)
    {
        var count = 0;
        for (var i = haystack.IndexOf(text, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(text, i + text.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            if (_process.HasExited && _exited.Task.IsCompleted && !condition())
                throw new InvalidOperationException($"helr exited ({_process.ExitCode}) before {what}\n{Stderr}");
            try
            {
                await _output.WaitAsync(TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no {what} within {timeout}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
            }
        }
    }

    /// <summary>Sends a POSIX signal (e.g. "TERM", "INT", "KILL").</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{name} {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task<HelrResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            // Until both pipes are at their end: a child that shares them (a reader bash started for helr's
            // output) may still be writing its last lines when helr exits.
            await _exited.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"helr did not exit within {timeout}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }
        return new HelrResult(_process.ExitCode, Stdout, Stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
