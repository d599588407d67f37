using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Helr.Kernel.Observability;

/// <summary>
/// Serilog to stderr (stdout carries only events). Level: config &lt; HELR_LOG_LEVEL &lt; -v/-q.
/// Format: config &lt; RUST_LOG_JSON=1 &lt; HELR_LOG_FORMAT; <c>json</c> is one compact JSON object per line.
/// </summary>
internal static class Logging
{
    /// <summary>
    /// Held while a log line is written to stderr. The output takes it too, for its writes only, when its
    /// descriptor is stderr's file (<c>2&gt;&amp;1</c> into one pipe): a pipe write larger than 4 KiB is not
    /// atomic, so a log line written while the pipe was full landed inside an event line and split it.
    /// </summary>
    public static readonly object StderrLock = new();

    public static Logger Create(string? configLevel, string? configFormat, bool verbose, bool quiet, string labelKey = "source", string labelValue = "helr")
    {
        var envLevel = Env("HELR_LOG_LEVEL");
        var envFormat = Env("HELR_LOG_FORMAT");
        var badLevel = envLevel is not null && TryParseLevel(envLevel) is null;
        var badFormat = envFormat is not null && !IsFormat(envFormat);
        var level = quiet ? "error" : verbose ? "debug" : (badLevel ? null : envLevel) ?? configLevel ?? "info";
        // RUST_LOG_JSON=1 is upstream's other switch to JSON: a deployment written for it keeps JSON logs.
        var upstreamJson = Environment.GetEnvironmentVariable("RUST_LOG_JSON") == "1" ? "json" : null;
        var format = (badFormat ? null : envFormat) ?? upstreamJson ?? configFormat ?? "pretty";
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(ParseLevel(level))
            .Enrich.WithProperty(labelKey, labelValue)
            .Enrich.With<SourceIdEnricher>();
        config = string.Equals(format.Trim(), "json", StringComparison.OrdinalIgnoreCase)
            ? config.WriteTo.Console(new JsonLogFormatter(), standardErrorFromLevel: LogEventLevel.Verbose, syncRoot: StderrLock)
            : config.WriteTo.Console(
                outputTemplate: "{UtcTimestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u4} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture,
                syncRoot: StderrLock);
        var logger = config.CreateLogger();
        // A typo in the environment must not go unnoticed, nor stop a collector from starting: the
        // value is ignored, as if unset, and said so.
        if (badLevel) logger.Warning("HELR_LOG_LEVEL={Value} is not one of off, error, warn, info, debug, trace, 0-5; ignored", envLevel);
        if (badFormat) logger.Warning("HELR_LOG_FORMAT={Value} is not one of json, pretty; ignored", envFormat);
        return logger;
    }

    private static bool IsFormat(string value) => value.Trim().ToLowerInvariant() is "json" or "pretty";

    public static LogEventLevel ParseLevel(string level) => TryParseLevel(level) ?? LogEventLevel.Information;

    // Serilog has no "off": a minimum above Fatal lets nothing through.
    private const LogEventLevel Off = LogEventLevel.Fatal + 1;

    private static LogEventLevel? TryParseLevel(string level) => (LogLevelName.Normalize(level) ?? level.Trim().ToLowerInvariant()) switch
    {
        "off" => Off,
        "trace" or "verbose" => LogEventLevel.Verbose,
        "debug" => LogEventLevel.Debug,
        "info" or "information" => LogEventLevel.Information,
        "warn" or "warning" => LogEventLevel.Warning,
        "error" => LogEventLevel.Error,
        "fatal" => LogEventLevel.Fatal,
        _ => null,
    };

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;
}
