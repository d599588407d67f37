using System.Globalization;

namespace Helr.Kernel.Polling;

/// <summary>
/// A failed cycle's message becomes the source's <c>last_error</c>, in every <c>/healthz</c>, REST and
/// status page answer until the next failure, and its <c>poll failed</c> log line. A plugin or a script
/// may quote a whole response in it (<c>throw new Error("bad answer: " + JSON.stringify(r.body))</c>),
/// which made each probe answer as large as that page; the start says what went wrong.
/// </summary>
internal static class ErrorLength
{
    public const int Max = 2000;

    /// <summary>The message, or its first <see cref="Max"/> characters saying how many more there were.</summary>
    public static string Cut(string message)
    {
        if (message.Length <= Max) return message;
        // Not between the two halves of a surrogate pair: the JSON answer would hold a lone one.
        var keep = char.IsHighSurrogate(message[Max - 1]) ? Max - 1 : Max;
        var more = (message.Length - keep).ToString("N0", CultureInfo.InvariantCulture);
        return $"{message[..keep]}… ({more} more characters)";
    }
}
