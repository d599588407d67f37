using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Helr.Kernel.Cli;

/// <summary>
/// Start-up work a run over HTTPS pays before its first handshake, done on the other core while the
/// main thread reads the config: the system's trusted roots, which the first server certificate's
/// chain check loads (OpenSSL decoding the trust bundle one certificate at a time).
/// </summary>
internal static partial class TlsWarmup
{
    /// <summary>
    /// Whether the config file the command line names (else helr.yaml) likely reaches a source over
    /// HTTPS: an https:// URL or a vendor source type in its text. A wrong guess only wastes the warm-up.
    /// </summary>
    public static bool ConfigReachesHttps(string[] args)
    {
        try
        {
            // Never a FIFO (-c <(…), /dev/stdin): the read would block before signals are handled and take the config from its reader.
            var path = ConfigPath(args);
            if (!Output.LinuxFile.IsRegularFile(path)) return false;
            var text = File.ReadAllText(path);
            return text.Contains("https://", StringComparison.OrdinalIgnoreCase) || VendorType().IsMatch(text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Loads the system's trusted roots into the runtime's process-wide cache, which the chain check of
    /// every server certificate reads; returns how many there are (0 when they could not be read).
    /// </summary>
    public static int Run()
    {
        try
        {
            using var roots = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            roots.Open(OpenFlags.ReadOnly);
            return roots.Certificates.Count;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Only a warm-up: the handshake loads what it needs and reports what fails there.
            return 0;
        }
    }

    private static string ConfigPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-c" or "--config" && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
        }
        return "helr.yaml";
    }

    [GeneratedRegex(@"^\s*type:\s*[""']?(okta|github|gws|slack|onepassword|tailscale)\b", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex VendorType();
}
