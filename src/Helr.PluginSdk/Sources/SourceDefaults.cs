namespace Helr.PluginSdk.Sources;

/// <summary>Vendor facts the kernel falls back on when the user's config does not say otherwise.</summary>
public sealed record SourceDefaults
{
    /// <summary>Dotted path of the event time (envelope <c>ts</c>); null uses the kernel's fallback list.</summary>
    public string? TimestampField { get; init; }

    /// <summary>Dotted path of the event id (envelope <c>meta.id</c>); null emits no id.</summary>
    public string? IdField { get; init; }

    /// <summary>The endpoint shown in the envelope when the response URL should not be used.</summary>
    public string? Endpoint { get; init; }

    /// <summary>No vendor facts.</summary>
    public static SourceDefaults None { get; } = new();
}
