using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Json;
using Serilog.Parsing;

namespace Helr.Kernel.Observability;

/// <summary>
/// One JSON object per log line: <c>@t</c>, <c>@l</c>, <c>@m</c> (the message as the pretty format
/// shows it: strings unquoted, structures as JSON), <c>@x</c> when there is an exception, then every property.
/// </summary>
/// <remarks>
/// Serilog's own rendering quotes string values inside the message (<c>poll ok: "okta"</c>), which
/// in JSON became escaped quotes around every name, and stray <c>""</c> where an optional part of a
/// message was empty. <c>@l</c> is always written, so a shipper need not know that a missing level
/// means Information.
/// </remarks>
internal sealed class JsonLogFormatter : ITextFormatter
{
    private static readonly JsonValueFormatter Values = new(typeTagName: null);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        output.Write("{\"@t\":\"");
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        output.Write("\",\"@l\":\"");
        output.Write(logEvent.Level.ToString());
        output.Write("\",\"@m\":");
        JsonValueFormatter.WriteQuotedJsonString(Render(logEvent), output);
        if (logEvent.Exception is not null)
        {
            output.Write(",\"@x\":");
            JsonValueFormatter.WriteQuotedJsonString(logEvent.Exception.ToString(), output);
        }
        foreach (var (name, value) in logEvent.Properties)
        {
            output.Write(',');
            // Property names starting with @ would collide with the fields above.
            JsonValueFormatter.WriteQuotedJsonString(name.StartsWith('@') ? "@" + name : name, output);
            output.Write(':');
            Values.Format(value, output);
        }
        output.Write('}');
        output.Write('\n');
    }

    // As the pretty format's {Message:lj}: strings as they are, structures as JSON, alignment kept.
    private static string Render(LogEvent logEvent)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is not PropertyToken property || !logEvent.Properties.TryGetValue(property.PropertyName, out var value))
            {
                token.Render(logEvent.Properties, text, CultureInfo.InvariantCulture);
                continue;
            }
            string rendered;
            if (value is ScalarValue { Value: string s })
            {
                rendered = s;
            }
            else if (value is ScalarValue)
            {
                var scalar = new StringWriter(CultureInfo.InvariantCulture);
                value.Render(scalar, property.Format, CultureInfo.InvariantCulture);
                rendered = scalar.ToString();
            }
            else
            {
                var json = new StringWriter(CultureInfo.InvariantCulture);
                Values.Format(value, json);
                rendered = json.ToString();
            }
            text.Write(Aligned(rendered, property.Alignment));
        }
        return text.ToString();
    }

    private static string Aligned(string value, Alignment? alignment) => alignment switch
    {
        null => value,
        { Direction: AlignmentDirection.Left } a => value.PadRight(a.Width),
        { } a => value.PadLeft(a.Width),
    };
}
