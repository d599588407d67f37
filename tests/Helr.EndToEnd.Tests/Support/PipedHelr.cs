namespace Helr.EndToEnd.Tests.Support;

/// <summary>
/// helr with its stdout piped into a reader child process that the test controls: the reader does
/// not read at all until <see cref="OpenGate"/>, then copies everything to a file (or closes the
/// pipe at once, for broken-pipe tests). bash <c>exec</c>s helr, so signals reach helr itself.
/// </summary>
public sealed class PipedHelr : IAsyncDisposable
{
    private readonly TempDir _dir;

    private PipedHelr(TempDir dir, HelrProcess process)
    {
        _dir = dir;
        Process = process;
    }

    public HelrProcess Process { get; }

    public string OutputFile => _dir.File("reader.out");

    /// <summary>
    /// Starts helr; the reader stalls until the gate opens. <paramref name="nonBlocking"/>: helr's stdout
    /// arrives with <c>O_NONBLOCK</c> set, as from a parent that made its pipe non-blocking.
    /// </summary>
    public static PipedHelr StartGated(TempDir dir, string arguments, string name = "reader", IDictionary<string, string?>? env = null, bool nonBlocking = false)
    {
        var gate = dir.File(name + ".gate");
        var reader = $"exec >/dev/null 2>&1; while [ ! -e '{gate}' ]; do sleep 0.05; done; cat > '{dir.File(name + ".out")}'; touch '{dir.File(name + ".done")}'";
        return new PipedHelr(dir, nonBlocking ? LaunchNonBlocking(dir, arguments, reader, env) : Launch(dir, arguments, reader, env));
    }

    /// <summary>Starts helr with a reader that closes the pipe before reading anything (it exits at once).</summary>
    public static PipedHelr StartClosed(TempDir dir, string arguments)
    {
        var reader = $"exec 0<&- >/dev/null 2>&1; touch '{dir.File("reader.closed")}'";
        return new PipedHelr(dir, Launch(dir, arguments, reader));
    }

    /// <summary>Starts helr with a reader that reads nothing and exits (closing the pipe) once <see cref="OpenGate"/> is called.</summary>
    public static PipedHelr StartClosingOnGate(TempDir dir, string arguments)
    {
        var reader = $"exec >/dev/null 2>&1; while [ ! -e '{dir.File("reader.gate")}' ]; do sleep 0.05; done; exec 0<&-; touch '{dir.File("reader.closed")}'";
        return new PipedHelr(dir, Launch(dir, arguments, reader));
    }

    private static HelrProcess Launch(TempDir dir, string arguments, string reader, IDictionary<string, string?>? env = null) =>
        HelrProcess.Start("/bin/bash", $"-c \"exec '{RepoPaths.Helr}' {arguments} > >({reader.Replace("\"", "\\\"")})\"", dir.Path, env, false);

    // O_NONBLOCK belongs to the pipe's open file description, which helr inherits: GNU dd sets it on its
    // stdout (the same description) for oflag=nonblock and leaves it set when it exits.
    private static HelrProcess LaunchNonBlocking(TempDir dir, string arguments, string reader, IDictionary<string, string?>? env) =>
        HelrProcess.Start("/bin/bash", $"-c \"exec > >({reader.Replace("\"", "\\\"")}); dd oflag=nonblock if=/dev/null status=none; exec '{RepoPaths.Helr}' {arguments}\"", dir.Path, env, false);

    public void OpenGate(string name = "reader") => File.WriteAllText(_dir.File(name + ".gate"), "");

    /// <summary>Waits for helr to exit and the reader to finish copying; returns helr's exit code and the lines read.</summary>
    public async Task<(HelrResult Result, string[] Lines)> FinishAsync(TimeSpan timeout, string name = "reader")
    {
        var result = await Process.WaitAsync(timeout);
        await WaitForFileAsync(_dir.File(name + ".done"), timeout);
        var text = File.ReadAllText(_dir.File(name + ".out"));
        return (result, text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static async Task WaitForFileAsync(string path, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!File.Exists(path))
        {
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{path} did not appear within {timeout}");
            }
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
