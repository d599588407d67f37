using Helr.Kernel.Cli;
using Helr.Kernel.Plugins;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Helr.Kernel.Tests.Cli;

/// <summary>The log line of a SIGHUP reload that failed unexpectedly: what went wrong, never a credential it quotes.</summary>
public sealed class ReloadFailureTests
{
    private sealed class Events : ILogEventSink
    {
        public List<LogEvent> All { get; } = new();

        public void Emit(LogEvent logEvent) => All.Add(logEvent);
    }

    [Fact]
    public void A_failed_reload_is_logged_with_its_causes_but_without_the_secret_they_quote()
    {
        var events = new Events();
        using var log = new LoggerConfiguration().WriteTo.Sink(events).CreateLogger();
        var error = new InvalidOperationException("reload could not stop a source",
            new IOException("connect to postgres://helr:s3cret-pw-9f2c@db:5432/helr failed"));

        ReloadFailure.Log(log, "SIGHUP", error, () => ["s3cret-pw-9f2c"]);

        var logged = Assert.Single(events.All);
        var shown = logged.RenderMessage() + logged.Exception;
        Assert.DoesNotContain("s3cret-pw", shown);
        Assert.Contains("reload (\"SIGHUP\") failed: System.InvalidOperationException: reload could not stop a source", shown);
        Assert.Contains("System.IO.IOException: connect to postgres://helr:[REDACTED]@db:5432/helr failed", shown);
    }

    [Fact]
    public void The_secrets_include_every_secret_named_variable()
    {
        Environment.SetEnvironmentVariable("HELR_RELOAD_FAILURE_TEST_TOKEN", "tok-71c0a2");
        try
        {
            Assert.Contains("tok-71c0a2", ReloadFailure.Secrets(BuiltSources.Empty));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HELR_RELOAD_FAILURE_TEST_TOKEN", null);
        }
    }
}
