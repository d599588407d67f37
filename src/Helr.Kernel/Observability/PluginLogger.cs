using System.Globalization;
using Helr.Kernel.Text;
using Helr.PluginSdk.Sources;
using Serilog;
using Serilog.Events;

namespace Helr.Kernel.Observability;

/// <summary>
/// A plugin's log: its message template and values go to Serilog as they are, so each value is a
/// field of the entry in JSON logs; <paramref name="log"/> already carries the source id.
/// With <paramref name="secrets"/>, the source's credentials are cut out of the template, every value
/// (inside structures, and a value printed as text, such as an exception or a URL) first: a
/// third-party plugin logging its request or an error quoting the token must not leak it.
/// </summary>
internal sealed class PluginLogger(ILogger log, SecretScrubber? secrets = null, TimeProvider? time = null) : IPluginLogger
{
    public void Write(PluginLogLevel level, string messageTemplate, params object?[] values)
    {
        var serilogLevel = level switch
        {
            PluginLogLevel.Debug => LogEventLevel.Debug,
            PluginLogLevel.Warning => LogEventLevel.Warning,
            _ => LogEventLevel.Information,
        };
        if (secrets is null)
        {
            log.Write(serilogLevel, messageTemplate, values);
            return;
        }
        if (!log.IsEnabled(serilogLevel) || !log.BindMessageTemplate(secrets.Scrub(messageTemplate ?? ""), values, out var template, out var properties)) return;
        var scrubbed = properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value, secrets)));
        log.Write(new LogEvent((time ?? TimeProvider.System).GetLocalNow(), serilogLevel, null, template, scrubbed));
    }

    private static LogEventPropertyValue Scrub(LogEventPropertyValue value, SecretScrubber secrets) => value switch
    {
        ScalarValue { Value: string text } => Scalar(text, secrets.Scrub(text), value),
        // Numbers, times and flags carry no credential; anything else prints as text (an exception with
        // its message, a Uri with its query, a plugin's own type).
        ScalarValue { Value: null or bool or char or int or long or double or decimal or float or short or byte or uint or ulong
            or DateTime or DateTimeOffset or TimeSpan or Guid } => value,
        ScalarValue { Value: var other } => Convert.ToString(other, CultureInfo.InvariantCulture) is { } text
            ? Scalar(text, secrets.Scrub(text), value) : value,
        SequenceValue sequence => new SequenceValue(sequence.Elements.Select(e => Scrub(e, secrets))),
        StructureValue structure => new StructureValue(structure.Properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value, secrets))), structure.TypeTag),
        DictionaryValue map => new DictionaryValue(map.Elements.Select(e =>
            new KeyValuePair<ScalarValue, LogEventPropertyValue>((ScalarValue)Scrub(e.Key, secrets), Scrub(e.Value, secrets)))),
        _ => value,
    };

    // Unchanged, the value stays what it was (a Uri stays a Uri); changed, it becomes the scrubbed text.
    private static LogEventPropertyValue Scalar(string text, string scrubbed, LogEventPropertyValue value) =>
        ReferenceEquals(text, scrubbed) || text == scrubbed ? value : new ScalarValue(scrubbed);
}
