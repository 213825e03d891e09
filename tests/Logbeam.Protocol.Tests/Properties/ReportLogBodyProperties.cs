using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// <see cref="ReportLogBody.TryParse(ReadOnlySpan{byte}, int, List{LogLine}, out ReportLogBody?, out string?)"/> on
/// generated bodies: it answers every input with a result or a refusal, and a refusal leaves nothing behind.
/// </summary>
public class ReportLogBodyProperties
{
    private const int LineLimit = 64;

    private static readonly LogLine Earlier = new(DeviceLogLevel.Debug, null, null, "already in the list");

    private static readonly Gen<string> Name = Gen.Frequency<string>(
        (4, Gen.Char.AlphaNumeric.Array[1, 12].Select(chars => new string(chars))), (1, Gen.OneOf("", "\"", "\\", "\u00e9\ud83d\ude00")));

    // JSON text cannot carry a lone surrogate (the writer would put U+FFFD there), so the elements are valid UTF-16.
    private static readonly Gen<string> Element = Gen.Frequency<string>(
        (3, LineGen.Element.Select(text => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)))), (1, Gen.OneOf("", "\n\f", "INF|x")));

    private static readonly Gen<Body> ValidBody =
        from productId in Name
        from deviceName in Name
        from elements in Element.Array[0, 4]
        from batchId in Gen.OneOf<string?>(null, "b-1", "")
        from extraKey in Gen.Bool
        from order in Gen.Shuffle(new[] { 0, 1, 2, 3 })
        from escapeEverything in Gen.Bool
        select new Body(productId, deviceName, elements, batchId, Write(productId, deviceName, elements, batchId, extraKey, order, escapeEverything));

    private static readonly Gen<byte[]> NearValid = ValidBody.SelectMany(body => Mutations.Of(body.Json));

    private static readonly Gen<byte[]> Random = Gen.Frequency<byte[]>(
        (1, Gen.Byte.Array[0, 300]),
        (1, Gen.OneOf("{", "}", "[", "]", "\"", ",", ":", "\"Message\"", "\"ProductId\"", "\"DeviceName\"", "\"a\"", "1", "null", "\\u0000", "\\n\\f")
            .Array[0, 40].Select(tokens => Encoding.UTF8.GetBytes(string.Concat(tokens)))));

    [Fact]
    public void TryParse_ValidBody_AcceptedWithTheLinesOfEachElement()
    {
        PropertyRun.ForAll(ValidBody, body =>
        {
            var expected = new List<LogLine>();
            int expectedTruncated = 0;
            foreach (string element in body.Elements)
            {
                LogLineParser.Parse(element, expected, LineLimit, ref expectedTruncated);
            }

            var lines = new List<LogLine>();
            bool parsed = ReportLogBody.TryParse(body.Json, LineLimit, lines, out ReportLogBody? result, out string? error);

            if (expected.Count == 0)
            {
                Assert.False(parsed);
                Assert.Empty(lines);
                return;
            }

            Assert.True(parsed, error);
            Assert.Equal(body.ProductId, result!.ProductId);
            Assert.Equal(body.DeviceName, result.DeviceName);
            Assert.Equal(body.BatchId, result.BatchId);
            if (!expected.SequenceEqual(result.Lines))
            {
                // xUnit's collection comparison is slow; it runs only to describe a failure.
                Assert.Equal(expected, result.Lines);
            }

            Assert.Equal(expectedTruncated, result.TruncatedLines);
        }, body => PropertyRun.Show(Encoding.UTF8.GetString(body.Json)));
    }

    [Fact]
    public void TryParse_ValidBodyWithOneEdit_ResultOrRefusalNeverPartial() =>
        PropertyRun.ForAll(NearValid, AnsweredWholly, PropertyRun.Show);

    [Fact]
    public void TryParse_RandomBytes_ResultOrRefusalNeverPartial() =>
        PropertyRun.ForAll(Random, AnsweredWholly, PropertyRun.Show);

    // Never an exception; a refusal has a reason and leaves the caller's list as it was; a result is whole.
    private static void AnsweredWholly(byte[] json)
    {
        List<LogLine> lines = [Earlier];
        bool parsed = ReportLogBody.TryParse(json, LineLimit, lines, out ReportLogBody? body, out string? error);
        if (!parsed)
        {
            Assert.Null(body);
            Assert.False(string.IsNullOrWhiteSpace(error));
            Assert.Equal([Earlier], lines);
            return;
        }

        Assert.Null(error);
        Assert.Same(lines, body!.Lines);
        Assert.True(lines.Count > 1);
        Assert.NotNull(body.ProductId);
        Assert.NotNull(body.DeviceName);
        Assert.InRange(body.TruncatedLines, 0, lines.Count - 1);
        Assert.All(lines.Skip(1), line =>
        {
            Assert.NotNull(line.Content);
            Assert.True(LineGen.Stored(line.Tag).Kept.Length + LineGen.Stored(line.Content).Kept.Length <= LineLimit);
        });
    }

    private static byte[] Write(
        string productId, string deviceName, string[] elements, string? batchId, bool extraKey, int[] order, bool escapeEverything)
    {
        using var stream = new MemoryStream();
        var options = new JsonWriterOptions { Encoder = escapeEverything ? JavaScriptEncoder.Default : JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            writer.WriteStartObject();
            foreach (int member in order)
            {
                switch (member)
                {
                    case 0:
                        writer.WriteString("ProductId", productId);
                        break;
                    case 1:
                        writer.WriteString("DeviceName", deviceName);
                        break;
                    case 2:
                        writer.WriteStartArray("Message");
                        foreach (string element in elements)
                        {
                            writer.WriteStringValue(element);
                        }

                        writer.WriteEndArray();
                        break;
                    default:
                        if (batchId is not null)
                        {
                            writer.WriteString("BatchId", batchId);
                        }

                        if (extraKey)
                        {
                            // [C15]'s fixed key, which the body ignores.
                            writer.WriteString("Level", "ERR");
                        }

                        break;
                }
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>A generated body and the fields it was written from.</summary>
    public sealed record Body(string ProductId, string DeviceName, string[] Elements, string? BatchId, byte[] Json);
}
