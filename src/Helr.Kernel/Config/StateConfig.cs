using System.Text;
using System.Text.Json.Serialization;

namespace Helr.Kernel.Config;

/// <summary><c>global.state</c>.</summary>
internal sealed record StateConfig
{
    public const string DefaultPath = "./helr-state.db";

    /// <summary>memory, sqlite, redis or postgres. No <c>state</c> block means memory, as upstream.</summary>
    public string Backend { get; init; } = "memory";
    public string Path { get; init; } = DefaultPath;

    /// <summary>Redis or Postgres URL (redis defaults to <c>redis://127.0.0.1/</c>; postgres requires one).</summary>
    [JsonConverter(typeof(RedactedJsonConverter))]
    public string? Url { get; init; }

    /// <summary><c>lease_ttl_secs</c>: how long a source lease outlives its holder (redis and postgres only).</summary>
    public double LeaseTtlSecs { get; init; } = 30;

    public bool IsShared => Backend is "redis" or "postgres";

    // The URL may carry the store's password (redis://:pw@host): printed with it replaced.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Backend = {Backend}, Path = {Path}, Url = {(Url is null ? "" : ConfigRedaction.RedactText(Url))}, LeaseTtlSecs = {LeaseTtlSecs}");
        return true;
    }
}
