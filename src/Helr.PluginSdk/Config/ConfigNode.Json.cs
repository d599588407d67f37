using System.Globalization;
using System.Text.Json;

namespace Helr.PluginSdk.Config;

public sealed partial class ConfigNode
{
    /// <summary>
    /// Writes this subtree as JSON (for request bodies): unquoted numbers, booleans and null keep
    /// their JSON type; everything else becomes a string. Marks the subtree as free-form.
    /// </summary>
    public byte[] ToJsonBytes()
    {
        MarkOpaque();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteJson(writer);
        }
        return buffer.ToArray();
    }

    private void WriteJson(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case ConfigNodeKind.Null:
                writer.WriteNullValue();
                break;
            case ConfigNodeKind.Mapping:
                writer.WriteStartObject();
                foreach (var (k, v) in _entries!)
                {
                    writer.WritePropertyName(k);
                    v.WriteJson(writer);
                }
                writer.WriteEndObject();
                break;
            case ConfigNodeKind.Sequence:
                writer.WriteStartArray();
                foreach (var item in _items!) item.WriteJson(writer);
                writer.WriteEndArray();
                break;
            default:
                WriteScalar(writer);
                break;
        }
    }

    private void WriteScalar(Utf8JsonWriter writer)
    {
        var text = ScalarValue!;
        if (!IsQuoted)
        {
            if (text is "true" or "True" or "TRUE") { writer.WriteBooleanValue(true); return; }
            if (text is "false" or "False" or "FALSE") { writer.WriteBooleanValue(false); return; }
            if (text is "null" or "Null" or "NULL" or "~") { writer.WriteNullValue(); return; }
            if (YamlInteger.TryParse(text, out long l)) { writer.WriteNumberValue(l); return; }
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) { writer.WriteNumberValue(d); return; }
        }
        writer.WriteStringValue(text);
    }
}
