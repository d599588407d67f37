using Helr.Kernel.Api;
using Helr.Kernel.Config;
using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.State;
using Helr.Kernel.Tests.Support;
using Serilog.Core;

namespace Helr.Kernel.Tests.Api;

/// <summary>
/// dump_on_sigusr1 to a file: a write given up after 30 s (a hung mount) that completed later overwrote
/// the file, although a newer dump had been written since: the file then showed the older state.
/// </summary>
public sealed class SignalDumpFileTests : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("helr-dump-").FullName;

    [Fact]
    public async Task A_given_up_write_that_completes_later_does_not_replace_a_newer_dump()
    {
        var path = Path.Combine(_dir, "dump.txt");
        var firstEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstGoes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = 0;
        // The first write hangs (a hung mount) until let go; the others write at once.
        async Task Write(string file, string text)
        {
            if (Interlocked.Increment(ref writes) == 1)
            {
                firstEntered.SetResult();
                await firstGoes.Task;
                await File.WriteAllTextAsync(file, text);
                firstWritten.SetResult();
                return;
            }
            await File.WriteAllTextAsync(file, text);
        }
        var time = new FakeTimeProvider();
        var store = new MemoryStateStore();
        var config = new DumpOnSigusr1Config { Destination = "file", Path = path };
        using var dump = new SignalDump(config, time, new DumpFile(path, Write));
        using var attached = dump.Attach(store, Telemetry.Create(Logger.None, time), Logger.None);

        await store.CommitAsync("s1", StateCommit.Of(new Dictionary<string, string> { ["cursor"] = "older" }));
        var first = dump.DumpNow();
        await firstEntered.Task.WaitAsync(Hang);
        // The step budget bounds the wait: the dump is given up on 30 s after it started writing.
        await time.AdvanceUntilAsync(first.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromSeconds(1), maxSteps: 120);

        await store.CommitAsync("s1", StateCommit.Of(new Dictionary<string, string> { ["cursor"] = "newer" }));
        await dump.DumpNow().WaitAsync(Hang);
        Assert.Contains("newer", await File.ReadAllTextAsync(path));

        firstGoes.SetResult();
        await firstWritten.Task.WaitAsync(Hang);
        // The given-up dump's own file goes once it is written and found older; looked at with a bound.
        for (var i = 0; i < 3000 && Directory.GetFiles(_dir, "*.tmp").Length > 0; i++) await Task.Delay(10);

        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("newer", text);
        Assert.DoesNotContain("older", text);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    // A write that failed part way (a full disk) left its half-written <path>.<pid>.<n>.tmp beside the
    // dump, one more for each SIGUSR1, never cleaned up.
    [Fact]
    public async Task A_write_that_fails_part_way_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "dump.txt");
        static async Task FullDisk(string file, string text)
        {
            await File.WriteAllTextAsync(file, text[..(text.Length / 2)]);
            throw new IOException("No space left on device");
        }
        var file = new DumpFile(path, FullDisk);

        var error = await Assert.ThrowsAsync<IOException>(() => file.WriteAsync("=== state ===\n{}\n=== metrics ===\n"));

        Assert.Equal("No space left on device", error.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
