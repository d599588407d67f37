using System.Text;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// Hand-picked hostile bodies for the differential tests: every number, literal and string form that
/// JSON allows or forbids in every context, structural errors, data after the root, depth at the
/// limit, invalid UTF-8 and every byte value where a value, a delimiter or whitespace may be.
/// </summary>
internal static class DifferentialCorpus
{
    private static readonly string[] NumberForms =
    {
        "0", "-0", "1", "-1", "10", "123", "1.5", "-1.5", "0.5", "1e5", "1E5", "1e+5", "1e-5", "1E-05", "1.5e10",
        "0e0", "-0.0e-0", "123456789012345678901234567890", "0.000001", "9007199254740993",
        "-", "1.", ".5", "1e", "01", "-01", "00", "+1", "1.e5", "1e+", "1e-", "--1", "0x1", "1_0", "Infinity",
        "-Infinity", "NaN", "1e5.5", "1.5.5", "- 1", "0.", "-.5", "1.5e", "1E+-1", "1ee5", "-a", "0-",
    };

    private static readonly string[] StringContents =
    {
        "", "abc", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\uabcd", "\\uABCD",
        "\\uD83D\\uDE00", "\\uD800", "\\uDC00", "\\u0000", "é", "日本", "🙂", "\u007f", "a\\u0041b\\nc",
        "\\x", "\\'", "\\U0041", "\\u12", "\\u12G4", "\\u", "\\0", "\\a", "\\ ", "\u0001", "\u001f", "\n", "\t", "\0",
    };

    private static readonly string[] LiteralForms =
    {
        "true", "false", "null", "tru", "True", "nul", "NULL", "falsey", "nulll", "fals", "t", "nil", "truefalse", "f", "nulL",
    };

    private static readonly string[] Documents =
    {
        // Structure and trailing commas.
        "[1,]", "{\"a\":1,}", "[,]", "[,1]", "{,}", "[1,,2]", "{\"a\":1,,\"b\":2}", "{\"items\":[1,]}", "{\"a\"}",
        "{\"a\":}", "{\"a\" 1}", "{1:2}", "{'a':1}", "[1 2]", "{\"a\":1 \"b\":2}", "]", "}", "[}", "{]", "[1}",
        "{\"a\":1]", "{\"a\"::1}", "{:1}", "[:]", "[\"a\":1]", "{\"a\",1}", ":", ",", "[1:2]", "[", "{", "[[]", "[]]",
        "{\"a\":{}", "{\"a\":[}", "[{]}", "[\"a\",]", "{\"a\":1}}", "[[[[]]]]", "[{},{},[]]", "{\"a\":{\"b\":{}}}",
        // Data after the root, empty bodies, comments, odd whitespace and a byte order mark.
        "[1] x", "[1]]", "{}{}", "1 2", "\"a\"\"b\"", "true false", "[] []", "{} ,", "1,", "null null", "[1]\u0000",
        "", " ", "\n\t\r ", "/* c */[]", "[1 /* c */]", "[1]//x", "// c\n[]", "[1,/*x*/2]", "\v[]", "[\f]",
        "[\u00a0]", "\u00a0[]", "\uFEFF[]", "[1]\u00a0",
        " \t\n\r[ \t\n\r1 \t\n\r, \r\n{ \"a\" \t: \n 1 , \"items\" : [ 2 ] } ,\t\"s\"\r,true\n,[ ] ] \n",
        "\r\n{\r\n  \"data\" :\r\n  [\r\n    { \"x\" : [ 1 , 2 ] } ,\r\n    null\r\n  ]\r\n}\r\n",
        // Which key's array holds the events.
        "{\"it\\u0065ms\":[1]}", "{\"data\":[1],\"\\u0069tems\":[2]}", "{\"items\\u0000\":[1]}", "{\"\\uD800\":[1],\"data\":[2]}",
        "{\"\\uDC00items\":[1]}", "{\"ITEMS\":[1]}", "{\"items\":\"x\",\"data\":[2]}", "{\"items\":[1],\"items\":[2]}",
        "{\"data\":[1],\"items\":{\"a\":1},\"items\":[3]}", "{\"a\":{\"items\":[1]}}", "{\"entries\":[1],\"logs\":[2],\"events\":[3]}",
        "{\"\\u0069\\u0074\\u0065\\u006d\\u0073\":[1]}", "{\"item\\u0073\":[1,2]}", "{\"\\u0064\\u0061\\u0074\\u0061\":[1]}",
        "{\"data\":[1,[2,{\"items\":[3]}]]}", "{\"items\":[]}", "{\"data\":[1],\"items\":[]}", "{\"\\uD83D\\uDE00\":[1]}",
        "{\"it\\/ems\":[1]}", "{\"i\\tems\":[1]}", "{\"data\":[1],\"items\":[2,}", "{\"logs\":[{\"a\":[1,{\"b\":2}]},3],\"x\":1}",
        "{\"data\":null,\"entries\":[[1],{}]}", "{\"data\":[1]", "{\"items\":[1],\"x\":[2,3]}", "{\"data\":[\"a\\\"]\",\"b\"]}",
        // Bodies that are one event.
        "\"str\"", "42", "true", "null", " -1.5e3 ", "{}", "[]", "{\"a\":1}", "{\"data\":{\"a\":[1]}}", " \"a\\u0041\" ",
    };

    /// <summary>Every hand-picked body, in the contexts that change how it is read.</summary>
    public static IEnumerable<byte[]> Bodies()
    {
        var contexts = new[] { "{0}", "[{0}]", "[1,{0},2]", "{{\"items\":[{0}]}}", "{{\"a\":{0}}}", " {0} ", "[{0} ]", "[{0}" };
        var texts = new List<string>(Documents);
        foreach (var value in NumberForms.Concat(LiteralForms).Concat(StringContents.Select(s => $"\"{s}\"")))
            texts.AddRange(contexts.Select(c => string.Format(c, value)));
        foreach (var s in StringContents)
        {
            texts.Add($"{{\"{s}\":1}}");
            texts.Add($"\"{s}");
            texts.Add($"[\"{s}");
        }
        foreach (var depth in new[] { 255, 256, 257 })
        {
            texts.Add(new string('[', depth) + new string(']', depth));
            texts.Add(new string('[', depth) + "1" + new string(']', depth));
            texts.Add(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
            texts.Add("{\"items\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}");
            texts.Add(string.Concat(Enumerable.Repeat("[{\"a\":", depth / 2)) + "[]" + string.Concat(Enumerable.Repeat("}]", depth / 2)));
        }
        var bodies = texts.Select(Encoding.UTF8.GetBytes).ToList();
        // Bytes no string above can hold: invalid UTF-8, which the scanner must survive (its caller rejects it first).
        bodies.Add(new byte[] { (byte)'[', (byte)'"', 0xFF, 0xC0, (byte)'"', (byte)']' });
        bodies.Add(new byte[] { (byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'[', (byte)'1', (byte)']', (byte)'}' });
        bodies.Add(new byte[] { (byte)'[', 0xC3, 0xA9, (byte)']' });
        bodies.Add(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'[', (byte)']' });
        bodies.Add(new byte[] { (byte)'[', 0x80, (byte)']' });
        // Every byte value where a value, a string byte, a delimiter or whitespace may be.
        foreach (var context in new[] { "[1,\0]", "[\"\0\"]", "[1\0]", "[\01]", "{\"a\"\0:1}", "[true\0]", "[\0\0]", "\0" })
        {
            for (var b = 0; b < 256; b++)
                bodies.Add(Encoding.UTF8.GetBytes(context).Select(x => x == 0 ? (byte)b : x).ToArray());
        }
        return bodies;
    }
}
