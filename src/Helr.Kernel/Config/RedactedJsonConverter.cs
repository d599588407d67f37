using System.Text.Json;
using System.Text.Json.Serialization;
using Helr.PluginSdk;

namespace Helr.Kernel.Config;

/// <summary>
/// Writes config data as JSON with every value a credential may hide in replaced by
/// <see cref="Secret.Redacted"/>: the values of a <see cref="ValueMap{TValue}"/>, the scalars of a
/// <see cref="ConfigValue"/> (after <c>${VAR}</c> expansion any of them may be a token) and a URL
/// that may carry a password. Keys and structure stay, so the JSON still shows what is configured.
/// Config data is never read back from JSON.
/// </summary>
internal sealed class RedactedJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert == typeof(ConfigValue) || typeToConvert == typeof(string)
        || (typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ValueMap<>));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(ConfigValue) ? new ValueWriter()
        : typeToConvert == typeof(string) ? new TextWriter()
        : (JsonConverter)Activator.CreateInstance(typeof(MapWriter<>).MakeGenericType(typeToConvert.GetGenericArguments()))!;

    private sealed class MapWriter<TValue> : JsonConverter<ValueMap<TValue>>
    {
        public override ValueMap<TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("config data is never read from JSON");

        public override void Write(Utf8JsonWriter writer, ValueMap<TValue> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var key in value.Keys) writer.WriteString(key, Secret.Redacted);
            writer.WriteEndObject();
        }
    }

    private sealed class ValueWriter : JsonConverter<ConfigValue>
    {
        public override ConfigValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("config data is never read from JSON");

        public override void Write(Utf8JsonWriter writer, ConfigValue value, JsonSerializerOptions options) => value.WriteRedacted(writer);
    }

    // For a string property that may hold a URL with a password (state.url): shown with the password replaced.
    private sealed class TextWriter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("config data is never read from JSON");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ConfigRedaction.RedactText(value));
    }
}
