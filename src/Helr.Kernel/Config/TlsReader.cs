using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Helr.PluginSdk;
using Helr.PluginSdk.Config;
using Helr.PluginSdk.Sources;

namespace Helr.Kernel.Config;

/// <summary>
/// Reads <c>resilience.tls</c> and loads its PEM material now, so that a missing key, an unreadable
/// file or a certificate that does not match its key fails <c>helr validate</c>. Errors never
/// contain PEM text.
/// </summary>
internal static class TlsReader
{
    public static readonly string[] Versions = { "1.2", "1.3" };

    public static TlsConfig? Read(ConfigNode? node, IHelrEnvironment env)
    {
        if (node is null) return null;
        var (ca, caSet) = ReadPem(node, "ca", env);
        var (cert, certSet) = ReadPem(node, "client_cert", env);
        var (key, keySet) = ReadPem(node, "client_key", env);
        var config = new TlsConfig
        {
            CaOnly = node.Boolean("ca_only") ?? false,
            MinVersion = node.Choice("min_version", Versions),
        };
        if (config.CaOnly && !caSet) node.Errors.Warn(node.ChildPath("ca_only"), "has no effect without ca_file or ca_env");
        if (ca is not null && CheckCa(node, ca)) config = config with { CaPem = ca };
        if (certSet != keySet)
        {
            var missing = certSet ? "client_key" : "client_cert";
            node.Fail(missing + "_file", $"required for mutual TLS: set {missing}_file or {missing}_env together with {(missing == "client_key" ? "client_cert" : "client_key")}_*");
        }
        else if (cert is not null && key is not null && CheckClientPair(node, cert, key))
        {
            config = config with { ClientCertPem = cert, ClientKeyPem = new Secret(key) };
        }
        return config;
    }

    // The file wins over the variable, as for every other secret.
    private static (string? Pem, bool Configured) ReadPem(ConfigNode node, string prefix, IHelrEnvironment env)
    {
        var (pem, configured) = ReadText(node, prefix, env);
        // A replay answers every request in-process: a CA or client certificate only the recording
        // machine has is never needed, so it is left out rather than failing the config.
        return pem == ReplayPlaceholder.Value ? (null, configured) : (pem, configured);
    }

    private static (string? Pem, bool Configured) ReadText(ConfigNode node, string prefix, IHelrEnvironment env)
    {
        var file = node.String(prefix + "_file");
        var variable = node.String(prefix + "_env");
        if (!string.IsNullOrEmpty(file))
        {
            try
            {
                return (env.ReadFile(file), true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                node.Fail(prefix + "_file", $"cannot read \"{file}\": {ex.Message}");
                return (null, true);
            }
        }
        if (string.IsNullOrEmpty(variable)) return (null, false);
        var value = env.GetVariable(variable);
        if (value is null) node.Fail(prefix + "_env", $"environment variable {variable} is not set");
        // Secrets passed through env often carry literal \n sequences instead of line breaks.
        return (value?.Replace("\\n", "\n"), true);
    }

    private static bool CheckCa(ConfigNode node, string pem)
    {
        var key = string.IsNullOrEmpty(node.String("ca_file")) ? "ca_env" : "ca_file";
        try
        {
            var certs = new X509Certificate2Collection();
            certs.ImportFromPem(pem);
            if (certs.Count > 0) return true;
            node.Fail(key, "contains no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
        }
        catch (CryptographicException ex)
        {
            node.Fail(key, $"is not a readable PEM certificate bundle: {ex.Message}");
        }
        return false;
    }

    private static bool CheckClientPair(ConfigNode node, string cert, string key)
    {
        var at = string.IsNullOrEmpty(node.String("client_cert_file")) ? "client_cert_env" : "client_cert_file";
        try
        {
            using var pair = X509Certificate2.CreateFromPem(cert, key);
            if (pair.HasPrivateKey) return true;
            node.Fail(at, "the client certificate and key do not form a usable pair");
        }
        catch (CryptographicException ex)
        {
            node.Fail(at, $"the client certificate and key do not form a usable pair (check that both are PEM and belong together): {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            node.Fail(at, $"not a PEM certificate and key: {ex.Message}");
        }
        return false;
    }
}
