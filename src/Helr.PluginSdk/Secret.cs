using System.Text.Json;
using System.Text.Json.Serialization;

namespace Helr.PluginSdk;

/// <summary>
/// A credential. It never prints itself: <see cref="ToString"/> and JSON serialization yield
/// <c>[REDACTED]</c>; only <see cref="Reveal"/> returns the value, at the moment it is put on the wire.
/// </summary>
[JsonConverter(typeof(SecretJsonConverter))]
public sealed class Secret : IEquatable<Secret>
{
    /// <summary>The text shown wherever a secret would otherwise be printed.</summary>
    public const string Redacted = "[REDACTED]";

    private readonly string _value;

    /// <summary>Wraps a credential value.</summary>
    public Secret(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    /// <summary>The credential itself. Call only where it is sent to the vendor.</summary>
    public string Reveal() => _value;

    /// <summary>True when the secret is the empty string.</summary>
    public bool IsEmpty => _value.Length == 0;

    /// <inheritdoc />
    public override string ToString() => Redacted;

    /// <inheritdoc />
    public bool Equals(Secret? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Secret);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    private sealed class SecretJsonConverter : JsonConverter<Secret>
    {
        public override Secret Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new JsonException("secrets are never deserialized");

        public override void Write(Utf8JsonWriter writer, Secret value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Redacted);
    }
}
