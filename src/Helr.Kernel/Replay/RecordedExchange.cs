namespace Helr.Kernel.Replay;

/// <summary>
/// One recorded request and its final response, as stored in <c>DIR/&lt;source&gt;/NNN.json</c>
/// (format: docs/replay.md). Everything in it is already redacted.
/// </summary>
internal sealed record RecordedExchange
{
    /// <summary>The URL that answered (after redirects).</summary>
    public required string Url { get; init; }

    public required int Status { get; init; }

    /// <summary>Response headers, names lower-case; a repeated header keeps its values joined by ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public required byte[] Body { get; init; }

    /// <summary>The request's method; upstream recordings have none (their requests are all GET).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The URL requested (before redirects); null in upstream recordings, where only <see cref="Url"/> is known.</summary>
    public string? RequestUrl { get; init; }

    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The request body as text (JSON or form), null when it had none.</summary>
    public string? RequestBody { get; init; }

    /// <summary>The answer of a token endpoint to the source's authenticator.</summary>
    public bool TokenResponse { get; init; }

    /// <summary>The file it was read from (for error messages); null while recording.</summary>
    public string? File { get; init; }

    /// <summary>What a request is matched on when the recording has no request URL (upstream's files).</summary>
    public Uri MatchUrl => new(RequestUrl ?? Url, UriKind.RelativeOrAbsolute);
}
