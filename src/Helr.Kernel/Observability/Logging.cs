using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace Helr.Kernel.Observability;

/// <summary>
/// Serilog to stderr (stdout carries only events). Level: config &lt; HELR_LOG_LEVEL &lt; -v/-q.
/// Format: config &lt; HELR_LOG_FORMAT; <c>json</c> is one compact JSON object per line.
/// </summary>
internal static class Logging
{
    public static Logger Create(string? configLevel, string? configFormat, bool verbose, bool quiet, string labelKey = "source", string labelValue = "helr")
    {
        var level = quiet ? "error" : verbose ? "debug" : Env("HELR_LOG_LEVEL") ?? configLevel ?? "info";
        var format = Env("HELR_LOG_FORMAT") ?? configFormat ?? "pretty";
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(ParseLevel(level))
            .Enrich.WithProperty(labelKey, labelValue);
        config = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? config.WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            : config.WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u4} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return config.CreateLogger();
    }

    public static LogEventLevel ParseLevel(string level) => level.Trim().ToLowerInvariant() switch
    {
        "trace" or "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => LogEventLevel.Information,
    };

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
