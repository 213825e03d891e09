using System.Text;

namespace Logbeam.Protocol.Tests;

public class LogLevelMessagesTests
{
    [Fact]
    public void TryParseRequest_CBytesWithSpaces_TokenRead()
    {
        Assert.True(LogLevelMessages.TryParseRequest("""{"type": "get_log_level", "clientToken": "ABCDE12345-1"}"""u8, out string? token));
        Assert.Equal("ABCDE12345-1", token);
    }

    [Fact]
    public void TryParseRequest_JavaBytesTokenFirst_TokenRead()
    {
        Assert.True(LogLevelMessages.TryParseRequest("""{"clientToken":"ABCDE12345dev001-0","type":"get_log_level"}"""u8, out string? token));
        Assert.Equal("ABCDE12345dev001-0", token);
    }

    [Fact]
    public void TryParseRequest_NoToken_TrueWithNullToken()
    {
        Assert.True(LogLevelMessages.TryParseRequest("""{"type":"get_log_level","extra":[1,2]}"""u8, out string? token));
        Assert.Null(token);
    }

    [Theory]
    [InlineData("""{"type":"get","clientToken":"t"}""")]
    [InlineData("""{"clientToken":"t"}""")]
    [InlineData("""{"type":5}""")]
    [InlineData("""["get_log_level"]""")]
    [InlineData("""{"type":"get_log_level",""")]
    [InlineData("")]
    [InlineData("get_log_level")]
    public void TryParseRequest_NotARequest_False(string payload)
    {
        Assert.False(LogLevelMessages.TryParseRequest(Encoding.UTF8.GetBytes(payload), out string? token));
        Assert.Null(token);
    }

    [Fact]
    public void FormatReply_NormalToken_ExactBytesWithin127()
    {
        byte[] reply = LogLevelMessages.FormatReply(DeviceLogLevel.Debug, "ABCDE12345dev001-0", 1619599073);

        Assert.Equal(
            """{"log_level":4,"type":"get_log_level","clientToken":"ABCDE12345dev001-0","result":0,"timestamp":1619599073}""",
            Encoding.UTF8.GetString(reply));
        Assert.True(reply.Length <= 127, $"reply is {reply.Length} bytes");
    }

    [Fact]
    public void FormatReply_LongToken_LogLevelWithinFirst127Bytes()
    {
        byte[] reply = LogLevelMessages.FormatReply(DeviceLogLevel.Warn, new string('t', 200), 1619599073);

        // What the C SDK sees: the first 127 bytes, searched for log_level.
        string seen = Encoding.UTF8.GetString(reply, 0, 127);
        Assert.StartsWith("""{"log_level":2,""", seen, StringComparison.Ordinal);
        Assert.True(LogLevelMessages.TryParseReply(reply, out int level, out string? token));
        Assert.Equal(2, level);
        Assert.Equal(new string('t', 200), token);
    }

    [Fact]
    public void FormatReply_NullTokenAndResult_EmptyTokenAndResultWritten()
    {
        Assert.Equal(
            """{"log_level":0,"type":"get_log_level","clientToken":"","result":1,"timestamp":5}""",
            Encoding.UTF8.GetString(LogLevelMessages.FormatReply(DeviceLogLevel.Off, null, 5, result: 1)));
    }

    [Fact]
    public void FormatReply_TokenNeedingEscapes_RoundTrips()
    {
        const string token = "a\"b\\c\n+<é>";
        byte[] reply = LogLevelMessages.FormatReply(DeviceLogLevel.Info, token, 1);

        Assert.Contains("""a\"b\\c\n+<é>""", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
        Assert.True(LogLevelMessages.TryParseReply(reply, out int level, out string? parsed));
        Assert.Equal(3, level);
        Assert.Equal(token, parsed);
    }

    [Fact]
    public void FormatRequest_Token_ExactBytesAndParsedByServer()
    {
        byte[] request = LogLevelMessages.FormatRequest("ABCDE12345-1");

        Assert.Equal("""{"type":"get_log_level","clientToken":"ABCDE12345-1"}""", Encoding.UTF8.GetString(request));
        Assert.True(LogLevelMessages.TryParseRequest(request, out string? token));
        Assert.Equal("ABCDE12345-1", token);
    }

    [Fact]
    public void TryParseReply_DocumentationReply_LevelAndToken()
    {
        Assert.True(LogLevelMessages.TryParseReply(
            """{"type":"get_log_level","clientToken":"PPXLSKBUPZ-1","log_level":4,"result":0,"timestamp":1619599073}"""u8,
            out int level, out string? token));
        Assert.Equal(4, level);
        Assert.Equal("PPXLSKBUPZ-1", token);
    }

    [Fact]
    public void TryParseReply_OutOfRangeLevel_ReadAsIs()
    {
        Assert.True(LogLevelMessages.TryParseReply("""{"log_level":9}"""u8, out int level, out _));
        Assert.Equal(9, level);
        Assert.False(DeviceLogLevels.IsValid(level));
    }

    [Theory]
    [InlineData("""{"type":"get_log_level"}""")]
    [InlineData("""{"log_level":"4"}""")]
    [InlineData("""{"log_level":4.5}""")]
    [InlineData("""{"log_level":99999999999}""")]
    [InlineData("""{"log_level":4""")]
    public void TryParseReply_NoIntegerLevel_False(string payload)
    {
        Assert.False(LogLevelMessages.TryParseReply(Encoding.UTF8.GetBytes(payload), out _, out _));
    }
}
