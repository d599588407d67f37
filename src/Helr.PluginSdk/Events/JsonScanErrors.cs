namespace Helr.PluginSdk.Events;

/// <summary>
/// The messages of <see cref="JsonStructureScanner"/>'s failures. Built out of line so the scanning
/// loops stay small; every message names the byte offset so a bad page can be found in a capture.
/// </summary>
internal static class JsonScanErrors
{
    private const string Invalid = "response is not valid JSON: ";

    public static EventFormatException Unexpected(string expected, byte found, int offset) =>
        new($"{Invalid}expected {expected} at byte {offset}, found {Show(found)}");

    public static EventFormatException Truncated(string expected, int offset) =>
        new($"{Invalid}the response ends before the JSON document is complete (expected {expected} at byte {offset})");

    public static EventFormatException TooDeep(int offset) =>
        new($"{Invalid}nesting at byte {offset} exceeds the maximum depth of {DottedPath.MaxDepth}");

    public static EventFormatException ControlCharacter(byte found, int offset) =>
        new($"{Invalid}unescaped control character {Show(found)} in a string at byte {offset}");

    public static EventFormatException BadEscape(byte found, int offset) =>
        new($"{Invalid}invalid escape sequence in a string at byte {offset}: '\\' followed by {Show(found)}");

    public static EventFormatException BadUnicodeEscape(byte found, int offset) =>
        new($"{Invalid}expected a hex digit in a \\u escape at byte {offset}, found {Show(found)}");

    public static EventFormatException DataAfter(byte found, int offset) =>
        new($"response has data after the JSON document: {Show(found)} at byte {offset}");

    private static string Show(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"0x{b:X2}";
}
