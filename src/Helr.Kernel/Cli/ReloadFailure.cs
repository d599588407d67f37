using System.Collections;
using Helr.Kernel.Config;
using Helr.Kernel.Plugins;
using Helr.Kernel.Text;
using Serilog;

namespace Helr.Kernel.Cli;

/// <summary>
/// The log line of a SIGHUP reload that failed unexpectedly. Nobody awaits that reload, so the line is
/// all there is to go on: it keeps the exception's type, messages and stack, but as text with the
/// credentials cut out, not as the exception object a log sink prints whole (an inner exception, a
/// plugin's or a store's message, may quote a token or a password).
/// </summary>
internal static class ReloadFailure
{
    public static void Log(ILogger log, string trigger, Exception error, Func<IEnumerable<string>> secrets)
    {
        string details;
        try
        {
            details = new SecretScrubber(secrets()).Scrub(error.ToString());
        }
        catch (Exception unreadable) when (unreadable is not OutOfMemoryException)
        {
            // A message that cannot be read, or a secret file that cannot: the type alone says nothing secret.
            details = error.GetType().FullName ?? "exception";
        }
        log.Error("reload ({Trigger}) failed: {Error:l}", trigger, details);
    }

    /// <summary>
    /// What the failure could quote: the credentials of the running sources' config, and the value of
    /// every variable whose name says secret, and a proxy variable's password (the file being loaded may name ones the running config does not).
    /// </summary>
    public static IEnumerable<string> Secrets(BuiltSources running)
    {
        var found = running.SelectMany(s => ConfiguredCredentials.Of(s.Config.Block, HostEnvironment.Instance)).ToList();
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable is { Key: string name, Value: string value } && PluginSdk.CredentialNames.SecretOfVariable(name, value) is { } secret) found.Add(secret);
        }
        return found;
    }
}
