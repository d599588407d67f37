using System.Text;
using Helr.PluginSdk.Events;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// The hand-written scanner against <see cref="ReferenceEventSearch"/> (Utf8JsonReader): the same
/// bodies accepted, the same events found, and the same outcome however the body is chunked.
/// </summary>
public sealed class JsonEventScannerDifferentialTests
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

    public static IEnumerable<byte[]> Corpus()
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

    [Fact]
    public void The_corpus_reads_as_utf8_json_reader_reads_it_in_any_chunking()
    {
        var random = new RandomJson(1);
        var failures = new List<string>();
        foreach (var body in Corpus())
        {
            Check(body, failures);
            foreach (var ends in new[] { Every(body.Length, 1), Every(body.Length, 3), Every(body.Length, 7), random.Chunking(body.Length) })
                CheckChunked(body, ends, failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Random_documents_and_damaged_ones_read_as_utf8_json_reader_reads_them()
    {
        var random = new RandomJson(20250101);
        var failures = new List<string>();
        var accepted = 0;
        for (var i = 0; i < 4000 && failures.Count < 30; i++)
        {
            var document = random.Document();
            var damaged = random.Damaged(document);
            foreach (var body in new[] { document, damaged })
            {
                if (Check(body, failures)) accepted++;
                CheckChunked(body, random.Chunking(body.Length), failures);
            }
            if (i % 50 == 0) CheckChunked(damaged, Every(damaged.Length, 1), failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.InRange(accepted, 4000, 7000); // every valid document, and some damaged ones that stayed valid
    }

    [Fact]
    public void A_large_page_reads_the_same_fed_whole_in_32k_pieces_or_byte_by_byte()
    {
        var random = new RandomJson(7);
        var page = new StringBuilder("[");
        for (var i = 0; i < 400; i++)
        {
            if (i > 0) page.Append(',');
            page.Append(Encoding.UTF8.GetString(random.Document()));
        }
        var body = Encoding.UTF8.GetBytes(page.Append(']').ToString());
        var failures = new List<string>();
        Assert.True(Check(body, failures), string.Join("\n", failures));
        CheckChunked(body, Every(body.Length, 32 * 1024), failures);
        CheckChunked(body, Every(body.Length, 1), failures);
        CheckChunked(body, random.Chunking(body.Length), failures);
        Assert.Empty(failures);
    }

    [Fact]
    public void Every_alignment_against_64_byte_blocks_reads_the_same()
    {
        // The scanner classifies 64 bytes at a time: escapes, strings, numbers and errors that straddle
        // a block boundary at every offset.
        var snippets = new[]
        {
            "\"a\\\\b\"", "\"\\\\\\\"\"", "\"\\\"\\\"\"", "\"x\\u0041\\uD83D\\uDE00y\"", "\"\\u12G4\"", "\"\\q\"", "\"a\u0001\"",
            "\"\\\\\\\\\\\\\\\\\"", "\"\\u00\"", "\"\\\u0001\"", "123.5e-7", "-0", "true", "nul", "1x", "truex", "\"a\"\"b\"", "{\"items\":[1,2]}",
            "[{\"a\":\"b\"},[]]", "\"\\/\\b\\f\\n\\r\\t\"",
        };
        var failures = new List<string>();
        foreach (var snippet in snippets)
        {
            for (var pad = 0; pad < 140; pad++)
            {
                foreach (var text in new[] { "[" + new string(' ', pad) + snippet + "]", "[\"" + new string('s', pad) + "\"," + snippet + "]", new string(' ', pad) + snippet })
                {
                    var body = Encoding.UTF8.GetBytes(text);
                    Check(body, failures);
                    CheckChunked(body, Every(body.Length, 64), failures);
                    CheckChunked(body, Every(body.Length, 69), failures);
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Long_strings_and_dense_tokens_read_the_same()
    {
        var random = new RandomJson(3);
        var texts = new[]
        {
            "[\"" + new string('x', 9000) + "\",1]",
            "{\"data\":[\"" + new string('x', 5000) + "\\n" + new string('y', 5000) + "\"]}",
            "[\"" + new string('x', 9000),
            "[" + string.Concat(Enumerable.Repeat("1,", 6000)) + "1]",
            "[" + string.Concat(Enumerable.Repeat("[],", 3000)) + "[]]",
            "[" + string.Concat(Enumerable.Repeat("{\"a\":[1,{}]},", 1000)) + "null]",
            "[" + string.Concat(Enumerable.Repeat("\"\\\\\",", 3000)) + "0]",
            new string(' ', 10000) + "[" + new string(' ', 10000) + "]" + new string(' ', 10000),
        };
        var failures = new List<string>();
        foreach (var body in texts.Select(Encoding.UTF8.GetBytes))
        {
            Check(body, failures);
            CheckChunked(body, Every(body.Length, 1), failures);
            CheckChunked(body, Every(body.Length, 4096), failures);
            CheckChunked(body, random.Chunking(body.Length), failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public void Damaged_pages_of_many_events_read_as_utf8_json_reader_reads_them()
    {
        var random = new RandomJson(99);
        var failures = new List<string>();
        for (var i = 0; i < 300 && failures.Count < 30; i++)
        {
            var page = new StringBuilder(random.Random.Next(2) == 0 ? "[" : "{\"next\":\"x\",\"items\":[");
            for (var e = random.Random.Next(5, 40); e > 0; e--) page.Append(Encoding.UTF8.GetString(random.Document())).Append(e > 1 ? "," : "");
            page.Append(page[0] == '[' ? "]" : "]}");
            var body = random.Damaged(Encoding.UTF8.GetBytes(page.ToString()));
            Check(body, failures);
            CheckChunked(body, random.Chunking(body.Length), failures);
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("[1, oops]", "response is not valid JSON: expected a value at byte 4, found 'o'")]
    [InlineData("[1,]", "response is not valid JSON: expected a value at byte 3, found ']'")]
    [InlineData("{\"a\" 1}", "response is not valid JSON: expected ':' at byte 5, found '1'")]
    [InlineData("[01]", "response is not valid JSON: expected ',' or ']' at byte 2, found '1'")]
    [InlineData("[1.]", "response is not valid JSON: expected a digit after '.' at byte 3, found ']'")]
    [InlineData("[\"a\u0001\"]", "response is not valid JSON: unescaped control character 0x01 in a string at byte 3")]
    [InlineData("[\"a\\x\"]", "response is not valid JSON: invalid escape sequence in a string at byte 3: '\\' followed by 'x'")]
    [InlineData("[\"\\u12G4\"]", "response is not valid JSON: expected a hex digit in a \\u escape at byte 6, found 'G'")]
    [InlineData("[tru]", "response is not valid JSON: expected 'true' at byte 4, found ']'")]
    [InlineData("[1] [2]", "response has data after the JSON document: '[' at byte 4")]
    [InlineData("[{\"a\":", "response is not valid JSON: the response ends before the JSON document is complete (expected a value at byte 6)")]
    [InlineData("[\"ab", "response is not valid JSON: the response ends before the JSON document is complete (expected the end of a string at byte 4)")]
    [InlineData("-", "response is not valid JSON: the response ends before the JSON document is complete (expected a digit at byte 1)")]
    [InlineData(" \r\n", "response body is empty")]
    public void Messages_say_what_was_expected_and_where(string body, string message)
    {
        var ex = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(Encoding.UTF8.GetBytes(body), new List<Range>()));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Too_deep_says_maximum_depth()
    {
        var body = Encoding.UTF8.GetBytes(new string('[', 300));
        var ex = Assert.Throws<EventFormatException>(() => new JsonEventExtractor().Extract(body, new List<Range>()));
        Assert.Equal("response is not valid JSON: nesting at byte 256 exceeds the maximum depth of 256", ex.Message);
    }

    // Compares the one-shot scan with the reference; true when the body is valid.
    private static bool Check(byte[] body, List<string> failures)
    {
        var (expected, empty) = ReferenceEventSearch.Search(body);
        var actual = Scan(body, Array.Empty<int>());
        var want = expected is null ? (empty ? "error: response body is empty" : "error") : Show(expected);
        var same = expected is not null ? actual == want
            : empty ? actual == want
            : actual.StartsWith("error: response is not valid JSON", StringComparison.Ordinal)
                || actual.StartsWith("error: response has data after the JSON document", StringComparison.Ordinal);
        if (!same) failures.Add($"{Describe(body)}: reference {want}, scanner {actual}");
        return expected is not null;
    }

    private static void CheckChunked(byte[] body, IReadOnlyList<int> ends, List<string> failures)
    {
        var whole = Scan(body, Array.Empty<int>());
        var chunked = Scan(body, ends);
        if (chunked != whole) failures.Add($"{Describe(body)} fed to [{string.Join(",", ends.Take(20))}...]: {chunked}, whole: {whole}");
    }

    // The outcome of scanning body fed as the given prefixes: the event ranges or the error message.
    private static string Scan(byte[] body, IReadOnlyList<int> ends)
    {
        var events = new List<Range>();
        try
        {
            var scan = new JsonEventExtractor().StartScan();
            foreach (var end in ends) scan.Advance(body.AsSpan(0, end));
            scan.Complete(body, events);
            return Show(events);
        }
        catch (EventFormatException ex)
        {
            return events.Count == 0 ? $"error: {ex.Message}" : $"error after adding events: {ex.Message}";
        }
    }

    private static string Show(List<Range> ranges) => string.Join(" ", ranges.Select(r => $"{r.Start.Value}..{r.End.Value}"));

    private static List<int> Every(int length, int step) => Enumerable.Range(1, Math.Max(0, (length - 1) / step)).Select(i => i * step).ToList();

    private static string Describe(byte[] body) =>
        body.Length > 300 ? $"<{body.Length} bytes>" : Convert.ToHexString(body) + " " + Encoding.UTF8.GetString(body).ReplaceLineEndings("\\n");
}
