namespace Helr.Plugins.OnePassword;

/// <summary>One source's settings, read and checked by <see cref="OnePasswordSourceType"/>.</summary>
internal sealed record OnePasswordOptions
{
    /// <summary>The endpoint: base URL + <c>/api/v2/&lt;events&gt;</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Where the first reset cursor starts when nothing is stored; null = now − <see cref="LookbackSecs"/>.</summary>
    public DateTimeOffset? From { get; init; }

    public long LookbackSecs { get; init; } = OnePasswordSourceType.DefaultLookbackSecs;

    public int Limit { get; init; } = 1000;

    public int MaxPages { get; init; } = 50;

    public bool ResetOnCursorError { get; init; } = true;
}
