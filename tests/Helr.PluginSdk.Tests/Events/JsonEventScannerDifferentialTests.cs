using System.Text;
using Xunit.Abstractions;

namespace Helr.PluginSdk.Tests.Events;

/// <summary>
/// The vectorised scanner against <see cref="ReferenceEventSearch"/> (Utf8JsonReader) on hostile
/// input: the same bodies accepted, the same events found, and the same outcome however the body is
/// chunked. Random documents come from <see cref="DifferentialSeed"/>, new on every run and named in
/// every failure; the whole class takes about two seconds. .ci/run also runs it with the wide vector
/// paths switched off (see <see cref="ScannerPathTests"/>).
/// </summary>
public sealed class JsonEventScannerDifferentialTests
{
    private readonly RandomJson _random = new(DifferentialSeed.Value);
    private readonly ITestOutputHelper _output;

    public JsonEventScannerDifferentialTests(ITestOutputHelper output)
    {
        _output = output;
        output.WriteLine(DifferentialSeed.Note);
    }

    [Fact]
    public void The_corpus_reads_as_utf8_json_reader_reads_it_in_any_chunking()
    {
        var check = new Differential();
        foreach (var body in DifferentialCorpus.Bodies())
        {
            check.Check(body);
            foreach (var step in new[] { 1, 3, 7 }) check.CheckChunked(body, Differential.Every(body.Length, step));
            check.CheckChunked(body, _random.Chunking(body.Length));
        }
        check.AssertNone(DifferentialSeed.Note);
    }

    [Fact]
    public void Generated_documents_and_mutated_ones_read_as_utf8_json_reader_reads_them()
    {
        const int documents = 4000;
        var check = new Differential();
        var generatedAccepted = 0;
        var mutatedRejected = 0;
        for (var i = 0; i < documents && !check.Full; i++)
        {
            var document = _random.Document();
            var mutated = _random.Mutated(document);
            if (check.Check(document)) generatedAccepted++;
            if (!check.Check(mutated)) mutatedRejected++;
            check.CheckChunked(document, _random.Chunking(document.Length));
            check.CheckChunked(mutated, _random.Chunking(mutated.Length));
            if (i % 50 == 0) check.CheckChunked(mutated, Differential.Every(mutated.Length, 1));
        }
        _output.WriteLine($"{generatedAccepted} generated documents accepted, {mutatedRejected} mutated ones rejected");
        check.AssertNone(DifferentialSeed.Note);
        // The generator makes only valid documents, and most mutations break them: both kinds of
        // outcome are compared, not just one.
        Assert.True(generatedAccepted == documents, $"{documents - generatedAccepted} generated documents were invalid; {DifferentialSeed.Note}");
        Assert.True(mutatedRejected > documents / 2, $"only {mutatedRejected} of {documents} mutated documents were invalid; {DifferentialSeed.Note}");
    }

    [Fact]
    public void A_large_page_reads_the_same_fed_whole_in_32k_pieces_or_byte_by_byte()
    {
        var page = new StringBuilder("[");
        for (var i = 0; i < 400; i++)
        {
            if (i > 0) page.Append(',');
            page.Append(Encoding.UTF8.GetString(_random.Document()));
        }
        var body = Encoding.UTF8.GetBytes(page.Append(']').ToString());
        var check = new Differential();
        Assert.True(check.Check(body), DifferentialSeed.Note);
        check.CheckChunked(body, Differential.Every(body.Length, 32 * 1024));
        check.CheckChunked(body, Differential.Every(body.Length, 1));
        check.CheckChunked(body, _random.Chunking(body.Length));
        check.AssertNone(DifferentialSeed.Note);
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
        var check = new Differential();
        foreach (var snippet in snippets)
        {
            for (var pad = 0; pad < 140; pad++)
            {
                foreach (var text in new[] { "[" + new string(' ', pad) + snippet + "]", "[\"" + new string('s', pad) + "\"," + snippet + "]", new string(' ', pad) + snippet })
                {
                    var body = Encoding.UTF8.GetBytes(text);
                    check.Check(body);
                    check.CheckChunked(body, Differential.Every(body.Length, 64));
                    check.CheckChunked(body, Differential.Every(body.Length, 69));
                }
            }
        }
        check.AssertNone();
    }

    [Fact]
    public void Long_strings_and_dense_tokens_read_the_same()
    {
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
        var check = new Differential();
        foreach (var body in texts.Select(Encoding.UTF8.GetBytes))
        {
            check.Check(body);
            check.CheckChunked(body, Differential.Every(body.Length, 1));
            check.CheckChunked(body, Differential.Every(body.Length, 4096));
            check.CheckChunked(body, _random.Chunking(body.Length));
        }
        check.AssertNone(DifferentialSeed.Note);
    }

    [Fact]
    public void Mutated_pages_of_many_events_read_as_utf8_json_reader_reads_them()
    {
        var check = new Differential();
        for (var i = 0; i < 300 && !check.Full; i++)
        {
            var page = new StringBuilder(_random.Random.Next(2) == 0 ? "[" : "{\"next\":\"x\",\"items\":[");
            for (var e = _random.Random.Next(5, 40); e > 0; e--) page.Append(Encoding.UTF8.GetString(_random.Document())).Append(e > 1 ? "," : "");
            page.Append(page[0] == '[' ? "]" : "]}");
            var body = _random.Mutated(Encoding.UTF8.GetBytes(page.ToString()));
            check.Check(body);
            check.CheckChunked(body, _random.Chunking(body.Length));
        }
        check.AssertNone(DifferentialSeed.Note);
    }
}
