using System.Text.Json;
using Helr.Kernel.Observability;
using Serilog.Events;
using Serilog.Parsing;
using Xunit;

namespace Helr.Kernel.Tests.Observability;

public sealed class JsonLogFormatterTests
{
    private static JsonElement Format(string template, Exception? exception = null, params (string Name, LogEventPropertyValue Value)[] properties)
    {
        var logEvent = new LogEvent(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(9)), LogEventLevel.Warning, exception,
            new MessageTemplateParser().Parse(template), properties.Select(p => new LogEventProperty(p.Name, p.Value)));
        var output = new StringWriter();
        new JsonLogFormatter().Format(logEvent, output);
        var text = output.ToString();
        Assert.EndsWith("}\n", text);
        Assert.Equal(1, text.Count(c => c == '\n'));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public void The_message_reads_as_the_pretty_format_prints_it()
    {
        var line = Format("poll ok: {SourceId} {Count,4} pages{Dupes}; ids {Ids}; said {Quote}", null,
            ("SourceId", new ScalarValue("okta")),
            ("Count", new ScalarValue(7)),
            ("Dupes", new ScalarValue("")),
            ("Ids", new SequenceValue(new[] { new ScalarValue("a"), new ScalarValue(2) })),
            ("Quote", new ScalarValue("say \"hi\"\n")));
        Assert.Equal("poll ok: okta    7 pages; ids [\"a\",2]; said say \"hi\"\n", line.GetProperty("@m").GetString());
        Assert.Equal("2026-01-01T18:04:05.0000000Z", line.GetProperty("@t").GetString());
        Assert.Equal("Warning", line.GetProperty("@l").GetString());
        Assert.Equal(7, line.GetProperty("Count").GetInt32());
        Assert.Equal("say \"hi\"\n", line.GetProperty("Quote").GetString());
    }

    [Fact]
    public void Exceptions_and_at_sign_properties_do_not_collide_with_the_fixed_fields()
    {
        var line = Format("failed", new InvalidOperationException("boom"), ("@m", new ScalarValue("mine")));
        Assert.Equal("failed", line.GetProperty("@m").GetString());
        Assert.Equal("mine", line.GetProperty("@@m").GetString());
        Assert.StartsWith("System.InvalidOperationException: boom", line.GetProperty("@x").GetString());
    }
}
