using Helr.Kernel.Observability.Telemetry;
using Helr.Kernel.Observability.Telemetry.Events;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// The environment one source's plugin reads its secrets through (<c>*_env</c>, <c>*_file</c>), with
/// each read reported as a <see cref="CredentialRead"/> audit event naming the variable or file.
/// Secrets are read at each use, so this covers validation and every request that needs one.
/// </summary>
internal sealed class AuditedEnvironment(IHelrEnvironment inner, string sourceId, AuditTrail audit) : IHelrEnvironment
{
    public string? GetVariable(string name)
    {
        var value = inner.GetVariable(name);
        if (value is not null) audit.Emit(new CredentialRead(sourceId, "env", name));
        return value;
    }

    public string ReadFile(string path)
    {
        var text = inner.ReadFile(path);
        audit.Emit(new CredentialRead(sourceId, "file", path));
        return text;
    }

    // Checking that a file opens reads no secret.
    public bool CanRead(string path) => inner.CanRead(path);
}
