using Helr.Kernel.Plugins;

namespace Helr.Kernel.Polling;

/// <summary>
/// Names the plugin when a poll cycle failed because the plugin's own code threw, so
/// <c>poll failed: …</c> says whose bug it is; the other sources keep running either way.
/// </summary>
internal static class PluginFault
{
    /// <summary>
    /// <paramref name="error"/>, or a <see cref="PollException"/> naming the plugin when its code threw it,
    /// or one with the source's credentials cut out of the message when it quotes one: the message is
    /// the source's <c>last_error</c> and its log line (a plugin throwing <c>$"… {token}"</c>).
    /// </summary>
    public static Exception Blame(Exception error, BuiltSource source, Text.SecretScrubber secrets) => Scrub(Blame(error, source), secrets);

    private static Exception Scrub(Exception error, Text.SecretScrubber secrets)
    {
        // These mean something to the scheduler (stop, lease lost) and carry no plugin text.
        if (error is OperationCanceledException or Output.OutputFailedException or State.LeaseLostException) return error;
        string message;
        try
        {
            message = error.Message;
        }
        catch (Exception unreadable) when (unreadable is not OutOfMemoryException)
        {
            return error;
        }
        var scrubbed = secrets.Scrub(message);
        // Not kept as the inner exception: whatever printed it would print the credential.
        return scrubbed == message ? error : new PollException(scrubbed);
    }

    /// <summary><paramref name="error"/>, or a <see cref="PollException"/> naming the plugin when its code threw it.</summary>
    public static Exception Blame(Exception error, BuiltSource source)
    {
        var thrower = error.TargetSite?.DeclaringType?.Assembly;
        // The SDK's own building blocks (DeclarativeSource, …) are helr's code, not the plugin's.
        // InvalidOperationException is how plugins fail a cycle on purpose (a vendor error, a script
        // error): its message says enough and is passed on as it is.
        if (error is PollException or OperationCanceledException or InvalidOperationException || thrower is null
            || thrower != source.Source.GetType().Assembly || thrower == typeof(PluginSdk.Sources.ISource).Assembly)
            return error;
        return new PollException($"plugin '{source.PluginName}': threw {Describe(error)}", error);
    }

    /// <summary>The exception's type and message, or its type alone when reading the message throws.</summary>
    public static string Describe(Exception ex) => PluginExceptionText.Describe(ex);
}
