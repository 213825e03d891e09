using System.Text;

namespace Logbeam.Protocol.Tests;

public class ReportLogBodyTests
{
    [Fact]
    public void TryParse_JavaVectorBody_TwoLines()
    {
        ReportLogBody body = Parse(Vectors.Bytes("java_body.json"));

        Assert.Equal("ABCDE12345", body.ProductId);
        Assert.Equal("dev001", body.DeviceName);
        Assert.Null(body.BatchId);
        Assert.Equal(2, body.Lines.Count);
        Assert.Equal(new LogLine(DeviceLogLevel.Error, new DateTime(2023, 11, 15, 6, 13, 20), "TXMQTT", "subscribe failed"), body.Lines[0]);
        Assert.Equal(new LogLine(DeviceLogLevel.Info, new DateTime(2023, 11, 15, 6, 13, 20), "MainActivity", "mqtt connect success"), body.Lines[1]);
        Assert.Equal(0, body.TruncatedLines);
    }

    [Fact]
    public void TryParse_CVectorBody_TwoLines()
    {
        ReportLogBody body = Parse(Vectors.Bytes("c_body.json"));

        Assert.Equal("ABCDE12345", body.ProductId);
        Assert.Equal("dev001", body.DeviceName);
        Assert.Equal(
            [
                new LogLine(DeviceLogLevel.Info, new DateTime(2023, 11, 15, 6, 13, 20), "mqtt_sample.c", "main(120): hello"),
                new LogLine(DeviceLogLevel.Error, new DateTime(2023, 11, 15, 6, 13, 21), "mqtt_sample.c", "main(121): oops"),
            ],
            body.Lines);
    }

    [Fact]
    public void TryParse_DocumentationExample_LevelGluedLine()
    {
        ReportLogBody body = Parse("""{"DeviceName":"AAAAAA","Message":["INFmqtt connect success."],"ProductId":"G8N9****HB"}""");

        Assert.Equal("G8N9****HB", body.ProductId);
        Assert.Equal(new LogLine(DeviceLogLevel.Info, null, null, "mqtt connect success."), Assert.Single(body.Lines));
    }

    [Fact]
    public void TryParse_C15LevelKeyAndUnknownKeys_Ignored()
    {
        ReportLogBody body = Parse(
            """{"DeviceName":"d","Level":"ERR","Extra":{"a":[1,{"b":null}]},"ProductId":"p","Message":["ERR|2023-11-15 06:13:20|x.c|f(1): boom"],"Flag":true}""");

        Assert.Equal("p", body.ProductId);
        Assert.Equal("d", body.DeviceName);
        Assert.Equal("f(1): boom", Assert.Single(body.Lines).Content);
    }

    [Fact]
    public void TryParse_BatchId_Read()
    {
        Assert.Equal("batch-42", Parse("""{"BatchId":"batch-42","ProductId":"p","DeviceName":"d","Message":["INF|x"]}""").BatchId);
    }

    [Fact]
    public void TryParse_NonStringBatchId_IgnoredAsAbsent()
    {
        Assert.Null(Parse("""{"BatchId":42,"ProductId":"p","DeviceName":"d","Message":["INF|x"]}""").BatchId);
    }

    [Fact]
    public void TryParse_EscapedTextAndKeys_Unescaped()
    {
        ReportLogBody body = Parse("""{"Product\u0049d":"p\"q","DeviceName":"d","Message":["INF|2023-11-15 06:13:20|t\/u|caf\u00e9 \ud83d\ude00 \\ \t end\n\fDBGsecond"]}""");

        Assert.Equal("p\"q", body.ProductId);
        Assert.Equal(new LogLine(DeviceLogLevel.Info, new DateTime(2023, 11, 15, 6, 13, 20), "t/u", "café 😀 \\ \t end"), body.Lines[0]);
        Assert.Equal(new LogLine(DeviceLogLevel.Debug, null, null, "second"), body.Lines[1]);
    }

    [Fact]
    public void TryParse_EmptyElementsBesideLines_Skipped()
    {
        Assert.Single(Parse("""{"ProductId":"p","DeviceName":"d","Message":["", "\n\f", "INF|x"]}""").Lines);
    }

    [Fact]
    public void TryParse_LongContent_TruncatedAndCounted()
    {
        string content = new('x', 50);
        Assert.True(ReportLogBody.TryParse(
            Encoding.UTF8.GetBytes($$"""{"ProductId":"p","DeviceName":"d","Message":["INF|{{content}}","INF|short"]}"""),
            10, out ReportLogBody? body, out _));

        Assert.Equal(1, body!.TruncatedLines);
        Assert.Equal(new string('x', 10) + LogLineParser.TruncationMarker, body.Lines[0].Content);
    }

    [Fact]
    public void TryParse_ManyLargeElements_AllParsed()
    {
        string element = string.Join("\\n\\f", Enumerable.Range(0, 200).Select(i => $"INF|2023-11-15 06:13:20|t|line {i} {new string('y', i)}"));
        ReportLogBody body = Parse($$"""{"ProductId":"p","DeviceName":"d","Message":["INF|a","{{element}}","ERR|z"]}""");

        Assert.Equal(202, body.Lines.Count);
        Assert.Equal("line 199 " + new string('y', 199), body.Lines[200].Content);
    }

    [Fact]
    public void TryParse_ByteOrderMark_Accepted()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Vectors.Bytes("java_body.json")];

        Assert.Equal(2, Parse(bytes).Lines.Count);
    }

    [Theory]
    [InlineData("", "JSON")]
    [InlineData("not json", "JSON")]
    [InlineData("{\"ProductId\":\"p\"", "JSON")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[\"INF|x\"]} trailing", "JSON")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[\"INF|x\"],}", "JSON")]
    [InlineData("[]", "object")]
    [InlineData("\"text\"", "object")]
    [InlineData("null", "object")]
    [InlineData("{\"DeviceName\":\"d\",\"Message\":[\"INF|x\"]}", "ProductId")]
    [InlineData("{\"ProductId\":7,\"DeviceName\":\"d\",\"Message\":[\"INF|x\"]}", "ProductId")]
    [InlineData("{\"ProductId\":null,\"DeviceName\":\"d\",\"Message\":[\"INF|x\"]}", "ProductId")]
    [InlineData("{\"ProductId\":\"p\",\"Message\":[\"INF|x\"]}", "DeviceName")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":{},\"Message\":[\"INF|x\"]}", "DeviceName")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\"}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":\"INF|x\"}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[\"INF|x\",1]}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[[\"INF|x\"]]}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[null]}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[]}", "Message")]
    [InlineData("{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[\"\",\"\\n\\f\"]}", "Message")]
    public void TryParse_BadBody_FalseWithOneSentenceError(string json, string mentioned)
    {
        bool parsed = ReportLogBody.TryParse(Encoding.UTF8.GetBytes(json), 1024, out ReportLogBody? body, out string? error);

        Assert.False(parsed);
        Assert.Null(body);
        Assert.NotNull(error);
        Assert.Contains(mentioned, error, StringComparison.Ordinal);
        Assert.EndsWith(".", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8_False()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("""{"ProductId":"p","DeviceName":"d","Message":["INF|x"],"Other":"??"}""");
        bytes[^4] = 0xC3;
        bytes[^3] = 0x28;

        Assert.False(ReportLogBody.TryParse(bytes, 1024, out _, out string? error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_DeeplyNestedUnknownKey_FalseWithoutException()
    {
        string json = "{\"ProductId\":\"p\",\"DeviceName\":\"d\",\"Message\":[\"INF|x\"],\"X\":" + new string('[', 5000) + new string(']', 5000) + "}";

        Assert.False(ReportLogBody.TryParse(Encoding.UTF8.GetBytes(json), 1024, out _, out _));
    }

    [Fact]
    public void TryParse_RefusedAfterTheMessageWasRead_LeavesTheListAsItWas()
    {
        var earlier = new LogLine(DeviceLogLevel.Debug, null, null, "earlier");
        List<LogLine> lines = [earlier];

        Assert.False(ReportLogBody.TryParse("""{"Message":["INF|a","INF|b"],"DeviceName":"d"}"""u8, 1024, lines, out _, out string? error));

        Assert.Equal("ProductId is missing or is not a string.", error);
        Assert.Equal([earlier], lines);
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(1234);
        byte[] seed = Vectors.Bytes("c_body.json");
        for (int round = 0; round < 2000; round++)
        {
            byte[] bytes = [.. seed];
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            bool parsed = ReportLogBody.TryParse(bytes.AsSpan(0, random.Next(bytes.Length + 1)), 64, out ReportLogBody? body, out string? error);

            Assert.True(parsed ? body is not null && error is null : body is null && error is not null);
        }
    }

    private static ReportLogBody Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static ReportLogBody Parse(byte[] json)
    {
        Assert.True(ReportLogBody.TryParse(json, 1024, out ReportLogBody? body, out string? error), error);
        Assert.Null(error);
        return body!;
    }
}
