namespace Helr.Plugins.GitHub;

/// <summary>A github source's settings, vendor defaults already laid under the user's keys.</summary>
internal sealed record GitHubOptions
{
    public const string ApiVersion = "2022-11-28";

    /// <summary>The audit-log endpoint: <c>/orgs/{org}/audit-log</c> or <c>/enterprises/{slug}/audit-log</c>.</summary>
    public required Uri Url { get; init; }

    /// <summary><c>include</c>: web, git or all; null leaves GitHub's default (web).</summary>
    public string? Include { get; init; }

    /// <summary><c>phrase</c>: the user's search phrase; Helr adds <c>created:&gt;=</c> from state.</summary>
    public string? Phrase { get; init; }

    public int PerPage { get; init; } = 100;

    public int MaxPages { get; init; } = 15;

    /// <summary><c>lag_secs</c>: how far before the newest event written a traversal starts again, for events GitHub indexes late.</summary>
    public TimeSpan Lag { get; init; } = DefaultLag;

    public static TimeSpan DefaultLag { get; } = TimeSpan.FromSeconds(600);

    /// <summary>The headers GitHub asks for on every REST request.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Headers { get; } = new KeyValuePair<string, string>[]
    {
        new("Accept", "application/vnd.github+json"),
        new("X-GitHub-Api-Version", ApiVersion),
    };
}
