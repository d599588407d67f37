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
        if (value is null) node.Fail(prefix + "_env", PluginSdk.Auth.UnsetVariable.Problem(variable));
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

    // Each problem on the setting at fault: an encrypted or foreign key was reported on client_cert_file
    // as "do not form a usable pair (check that both are PEM …)", sending the user to a good certificate.
    private static bool CheckClientPair(ConfigNode node, string cert, string key)
    {
        var certAt = Setting(node, "client_cert");
        var keyAt = Setting(node, "client_key");
        if (!key.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            node.Fail(keyAt, "is not a PEM private key (no -----BEGIN line)");
            return false;
        }
        // PKCS#8's encrypted form, or OpenSSL's legacy Proc-Type header: no password is ever configured to open it.
        if (key.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal) || key.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            node.Fail(keyAt, "is an encrypted PEM key; Helr needs it unencrypted (PKCS#8, PKCS#1 or SEC1), e.g. openssl pkey -in key.pem -out key-plain.pem");
            return false;
        }
        try
        {
            using var _ = X509Certificate2.CreateFromPem(cert);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            node.Fail(certAt, cert.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? $"is not a readable PEM certificate: {ex.Message}"
                : "contains no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
            return false;
        }
        try
        {
            using var pair = X509Certificate2.CreateFromPem(cert, key);
            if (pair.HasPrivateKey) return true;
            node.Fail(keyAt, $"does not hold the private key of the certificate in {certAt}");
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            node.Fail(keyAt, $"does not hold the private key of the certificate in {certAt} (an unencrypted PEM key of that certificate is needed): {ex.Message}");
        }
        return false;
    }

    // The file wins over the variable: the key that was read.
    private static string Setting(ConfigNode node, string prefix) =>
        string.IsNullOrEmpty(node.String(prefix + "_file")) ? prefix + "_env" : prefix + "_file";
}
