namespace Helr.Plugins.Gws;

/// <summary>How one source's lag windows are laid out, read and checked by <see cref="GwsSourceType"/>.</summary>
internal sealed record WindowSettings
{
    /// <summary>Start of the very first window; null = now − <see cref="LookbackSecs"/>.</summary>
    public DateTimeOffset? From { get; init; }

    public long LookbackSecs { get; init; }

    /// <summary>Windows end this long before now, and each starts this long before the last one ended.</summary>
    public long LagSecs { get; init; }

    /// <summary>Pages per cycle; a window cut short continues next cycle from its page token.</summary>
    public int MaxPages { get; init; }

    /// <summary>No window starts further back (the API keeps nothing older and refuses the range); null: no limit.</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>No window is longer (the API refuses longer ranges); null: one window up to now − lag.</summary>
    public TimeSpan? MaxWindow { get; init; }
}
