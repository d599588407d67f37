namespace Helr.Kernel.Replay;

// Cookies: a session's value, not the whole header, is what a login answer repeats.
internal sealed partial class RecordingRedactor
{
    /// <summary>
    /// Makes the cookie values of a <c>Cookie</c> header (<c>a=x; sid=y</c>) or of one <c>Set-Cookie</c>
    /// (<c>sid=y; Path=/</c>) known secrets: a login answer often repeats its session's value in its body.
    /// </summary>
    /// <returns>Whether one was new.</returns>
    public bool LearnCookies(string header, bool setCookie)
    {
        var learnt = false;
        var pairs = header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var pair in setCookie ? pairs.Take(1) : pairs)
        {
            var eq = pair.IndexOf('=');
            var value = eq > 0 ? pair[(eq + 1)..].Trim('"') : "";
            // Shorter values are preferences (lang=en-US, consent=true), which bodies are full of; a session id is longer.
            if (value.Length >= ShortestCookieSecret) learnt |= AddSecret(value);
        }
        return learnt;
    }

    private const int ShortestCookieSecret = 12;
}
