namespace Logbeam.Protocol.Tests;

public class LogLineParserTests
{
    private static readonly DateTime VectorTime = new(2023, 11, 15, 6, 13, 20);

    [Fact]
    public void Parse_JavaElement_SplitsOnLineFeedFormFeed()
    {
        List<LogLine> lines = Parse("ERR|2023-11-15 06:13:20|TXMQTT|subscribe failed\n\fINF|2023-11-15 06:13:20|MainActivity|mqtt connect success\n\f", out int count);

        Assert.Equal(2, count);
        Assert.Equal(new LogLine(DeviceLogLevel.Error, VectorTime, "TXMQTT", "subscribe failed"), lines[0]);
        Assert.Equal(new LogLine(DeviceLogLevel.Info, VectorTime, "MainActivity", "mqtt connect success"), lines[1]);
        Assert.Equal(DateTimeKind.Unspecified, lines[0].DeviceTime!.Value.Kind);
    }

    [Fact]
    public void Parse_ContentWithPipes_KeptWhole()
    {
        LogLine line = Single("WRN|2023-11-15 06:13:20|tag|a|b||c|");

        Assert.Equal(new LogLine(DeviceLogLevel.Warn, VectorTime, "tag", "a|b||c|"), line);
    }

    [Fact]
    public void Parse_DisPrefix_LevelOff()
    {
        Assert.Equal(DeviceLogLevel.Off, Single("DIS|2023-11-15 06:13:20|x.c|f(1): off").Level);
    }

    [Fact]
    public void Parse_DebugPrefix_LevelDebug()
    {
        Assert.Equal(DeviceLogLevel.Debug, Single("DBG|2023-11-15 06:13:20|x.c|f(1): d").Level);
    }

    [Fact]
    public void Parse_DocumentationForm_LevelGluedToContent()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Info, null, null, "mqtt connect success."), Single("INFmqtt connect success."));
        Assert.Equal(new LogLine(DeviceLogLevel.Warn, null, null, "spaced out"), Single("WRN  spaced out"));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("inf|lowercase is not a level")]
    [InlineData("IN")]
    [InlineData("|ERR|x")]
    public void Parse_NoLevelPrefix_InfoWithWholeLine(string text)
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Info, null, null, text), Single(text));
    }

    [Fact]
    public void Parse_LevelAndOneField_RestIsContent()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Error, null, null, "just text"), Single("ERR|just text"));
    }

    [Fact]
    public void Parse_ThreeFields_RestAfterLevelIsContent()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Error, null, null, "2023-11-15 06:13:20|text"), Single("ERR|2023-11-15 06:13:20|text"));
    }

    [Fact]
    public void Parse_LevelOnly_EmptyContent()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Error, null, null, ""), Single("ERR"));
        Assert.Equal(new LogLine(DeviceLogLevel.Error, null, null, ""), Single("ERR|"));
    }

    [Theory]
    [InlineData("2023-13-15 06:13:20")]
    [InlineData("2023-02-30 06:13:20")]
    [InlineData("2023-11-15T06:13:20")]
    [InlineData("2023-11-15 24:00:00")]
    [InlineData("15/11/2023 06:13:20")]
    [InlineData("")]
    public void Parse_UnparsableTime_WholeRestIsContent(string time)
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Info, null, null, $"{time}|tag|content"), Single($"INF|{time}|tag|content"));
    }

    [Fact]
    public void Parse_SecondFieldNotADate_NoFieldLost()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Info, null, null, "disk|sda1|failed"), Single("INF|disk|sda1|failed"));
    }

    [Fact]
    public void Parse_EmptyTag_NullTag()
    {
        Assert.Equal(new LogLine(DeviceLogLevel.Info, VectorTime, null, "content"), Single("INF|2023-11-15 06:13:20||content"));
    }

    [Fact]
    public void Parse_EmptyPieces_Dropped()
    {
        List<LogLine> lines = Parse("\n\f\n\fINF|a\n\f\n\f\r\n\n\fERR|b\n\f", out int count);

        Assert.Equal(2, count);
        Assert.Equal(["a", "b"], lines.Select(line => line.Content));
    }

    [Fact]
    public void Parse_EmptyElement_NoLines()
    {
        Assert.Empty(Parse("", out int count));
        Assert.Equal(0, count);
    }

    [Theory]
    [InlineData("INF|x\r\n")]
    [InlineData("INF|x\n")]
    [InlineData("INF|x\r")]
    public void Parse_TrailingLineEnd_Trimmed(string text)
    {
        Assert.Equal("x", Single(text).Content);
    }

    [Fact]
    public void Parse_SingleLineFeedInsideLine_Kept()
    {
        Assert.Equal("a\nb", Single("INF|a\nb").Content);
    }

    [Fact]
    public void Parse_ContentLongerThanMaximum_CutMarkedAndCounted()
    {
        var lines = new List<LogLine>();
        int truncated = 1;

        LogLineParser.Parse("INF|2023-11-15 06:13:20||0123456789\n\fINF|2023-11-15 06:13:20||01234\n\fERRabcdefgh", lines, 5, ref truncated);

        Assert.Equal("01234" + LogLineParser.TruncationMarker, lines[0].Content);
        Assert.Equal("01234", lines[1].Content);
        Assert.Equal("abcde…[truncated]", lines[2].Content);
        Assert.Equal(3, truncated);
    }

    [Fact]
    public void Parse_TagAndContent_ShareTheLineLimit()
    {
        var lines = new List<LogLine>();
        int truncated = 0;

        LogLineParser.Parse("INF|2023-11-15 06:13:20|tag|0123456789\n\fINF|2023-11-15 06:13:20|tag|0123456", lines, 10, ref truncated);

        Assert.Equal(new LogLine(DeviceLogLevel.Info, VectorTime, "tag", "0123456" + LogLineParser.TruncationMarker), lines[0]);
        Assert.Equal(new LogLine(DeviceLogLevel.Info, VectorTime, "tag", "0123456"), lines[1]);
        Assert.Equal(1, truncated);
    }

    [Fact]
    public void Parse_TagLongerThanMaximum_CutMarkedAndCountedOnce()
    {
        var lines = new List<LogLine>();
        int truncated = 0;

        LogLineParser.Parse("INF|2026-01-01 12:00:00|" + new string('T', 900_000) + "|c", lines, 8192, ref truncated);

        LogLine line = Assert.Single(lines);
        Assert.Equal(new string('T', LogLineParser.MaxTagLength) + LogLineParser.TruncationMarker, line.Tag);
        Assert.Equal("c", line.Content);
        Assert.Equal(new DateTime(2026, 1, 1, 12, 0, 0), line.DeviceTime);
        Assert.Equal(1, truncated);
    }

    [Fact]
    public void Parse_TagLongerThanLineLimit_TagCutToLimitContentOnlyMarker()
    {
        var lines = new List<LogLine>();
        int truncated = 0;

        LogLineParser.Parse("ERR|2023-11-15 06:13:20|abcdefgh|content", lines, 5, ref truncated);

        Assert.Equal("abcde" + LogLineParser.TruncationMarker, lines[0].Tag);
        Assert.Equal(LogLineParser.TruncationMarker, lines[0].Content);
        Assert.Equal(1, truncated);
    }

    [Fact]
    public void Parse_TagOfExactlyMaximum_KeptWhole()
    {
        string tag = new('t', LogLineParser.MaxTagLength);

        Assert.Equal(tag, Single($"INF|2023-11-15 06:13:20|{tag}|x").Tag);
    }

    [Fact]
    public void Parse_CutInsideSurrogatePair_CutsBeforePair()
    {
        var lines = new List<LogLine>();
        int truncated = 0;

        LogLineParser.Parse("INF|ab😀cd", lines, 3, ref truncated);

        Assert.Equal("ab" + LogLineParser.TruncationMarker, lines[0].Content);
    }

    [Fact]
    public void Parse_AppendsToExistingList_ReturnsOnlyNewCount()
    {
        var lines = new List<LogLine> { new(DeviceLogLevel.Debug, null, null, "earlier") };
        int truncated = 0;

        Assert.Equal(1, LogLineParser.Parse("INF|new", lines, 100, ref truncated));
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void Parse_NonPositiveMaximum_Throws()
    {
        int truncated = 0;

        Assert.Throws<ArgumentOutOfRangeException>(() => LogLineParser.Parse("INF|x", [], 0, ref truncated));
    }

    private static LogLine Single(string element) => Assert.Single(Parse(element, out _));

    private static List<LogLine> Parse(string element, out int count)
    {
        var lines = new List<LogLine>();
        int truncated = 0;
        count = LogLineParser.Parse(element, lines, 1024, ref truncated);
        Assert.Equal(0, truncated);
        return lines;
    }
}
