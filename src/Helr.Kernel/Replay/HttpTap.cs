using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Replay;

/// <summary>
/// What a source's HTTP client is given for <c>--record-dir</c> or <c>--replay-dir</c>: the handler
/// that sees (or answers) each request, and the place final responses are recorded.
/// </summary>
internal sealed class HttpTap
{
    private readonly SessionRecorder? _recorder;
    private readonly ReplaySession? _replay;

    private HttpTap(SessionRecorder? recorder, ReplaySession? replay)
    {
        _recorder = recorder;
        _replay = replay;
    }

    /// <param name="configText">The text the running config was loaded from (<see cref="ConfiguredSecrets.Of"/>).</param>
    public static HttpTap Record(string dir, string configText, IHelrEnvironment env) =>
        new(new SessionRecorder(dir, ConfiguredSecrets.Of(configText, env)), null);

    /// <summary>For <c>--record-dir</c>, the environment a reload reads its config with (<see cref="RecordingEnvironment"/>); null otherwise.</summary>
    public IHelrEnvironment? ReloadEnvironment(IHelrEnvironment real) => _recorder is null ? null : new RecordingEnvironment(real, _recorder);

    public static HttpTap Replay(string dir) => new(null, ReplaySession.Open(dir));

    /// <summary>True for <c>--replay-dir</c>: the run reproduces a recording and must leave the stored state as it is.</summary>
    public bool Replaying => _replay is not null;

    public string Description => _replay is not null ? "replaying recorded responses" : "recording responses";

    /// <param name="network">The real connection layer; not used when replaying.</param>
    public HttpMessageHandler CreateHandler(string sourceId, Func<HttpMessageHandler> network) =>
        _replay is not null ? new ReplayHandler(_replay.For(sourceId)) : new RecordingHandler(network());

    /// <summary>Records the final response of a request (after retries, redirects and a credential refresh).</summary>
    public void Record(string sourceId, HttpResponseMessage response, ReadOnlySpan<byte> body, bool tokenResponse) =>
        _recorder?.Record(sourceId, response, body, tokenResponse);
}
