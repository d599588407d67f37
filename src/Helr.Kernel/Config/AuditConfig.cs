namespace Helr.Kernel.Config;

/// <summary><c>global.audit</c>: audit log lines for credential reads and config loads (see docs/audit.md).</summary>
internal sealed record AuditConfig
{
    public bool Enabled { get; init; }
    public bool LogCredentialAccess { get; init; } = true;
    public bool LogConfigChanges { get; init; } = true;

    public bool Credentials => Enabled && LogCredentialAccess;
    public bool ConfigChanges => Enabled && LogConfigChanges;
}
