namespace Helr.Kernel.Plugins;

/// <summary>
/// How an exception a plugin's code threw is named in an error: its type and message. A plugin's
/// exception type may build its message from a field it did not set, so reading <c>Message</c> can
/// throw too; that ended <c>plugins list</c>, <c>validate</c> and <c>run</c> with an unhandled
/// exception when a constructor or <c>Create</c> threw one. Naming a failure must not fail.
/// </summary>
internal static class PluginExceptionText
{
    /// <summary><c>Type: message</c>, or the type alone when the message cannot be read.</summary>
    public static string Describe(Exception ex)
    {
        try
        {
            // Some runtime messages (a missing assembly's) end with a line break.
            return $"{ex.GetType().Name}: {ex.Message.TrimEnd()}";
        }
        catch (Exception unreadable) when (unreadable is not OutOfMemoryException)
        {
            return $"{ex.GetType().Name} (its message cannot be read: {unreadable.GetType().Name})";
        }
    }
}
