using System.Text;

namespace Logbeam.Protocol.Tests;

public class TimeMessagesTests
{
    [Fact]
    public void FormatRequest_IsCBytes()
    {
        Assert.Equal("""{"type": "get", "resource": ["time"]}""", Encoding.UTF8.GetString(TimeMessages.FormatRequest()));
    }

    [Theory]
    [InlineData("""{"type": "get", "resource": ["time"]}""")]
    [InlineData("""{"resource":["time"],"type":"get"}""")]
    [InlineData("""{ "resource" : [ "other", "time" ] , "type" : "get", "x": {} }""")]
    public void IsTimeRequest_AnyLayout_True(string payload)
    {
        Assert.True(TimeMessages.IsTimeRequest(Encoding.UTF8.GetBytes(payload)));
    }

    [Theory]
    [InlineData("""{"type":"get"}""")]
    [InlineData("""{"resource":["time"]}""")]
    [InlineData("""{"type":"set","resource":["time"]}""")]
    [InlineData("""{"type":"get","resource":"time"}""")]
    [InlineData("""{"type":"get","resource":["date"]}""")]
    [InlineData("""{"type":"get","resource":["time"]""")]
    [InlineData("time")]
    [InlineData("")]
    public void IsTimeRequest_Other_False(string payload)
    {
        Assert.False(TimeMessages.IsTimeRequest(Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void IsTimeRequest_OwnRequest_True()
    {
        Assert.True(TimeMessages.IsTimeRequest(TimeMessages.FormatRequest()));
    }

    [Fact]
    public void FormatReply_DocumentationValues_ExactBytes()
    {
        Assert.Equal(
            """{"type":"get","time":1621562342,"ntptime1":1621562342773,"ntptime2":1621562342773}""",
            Encoding.UTF8.GetString(TimeMessages.FormatReply(1621562342, 1621562342773, 1621562342773)));
    }

    [Fact]
    public void FormatReply_TryParseReply_RoundTrip()
    {
        byte[] reply = TimeMessages.FormatReply(1700000000, 1700000000123, 1700000000125);

        Assert.True(TimeMessages.TryParseReply(reply, out long time, out long ntp1, out long ntp2));
        Assert.Equal(1700000000, time);
        Assert.Equal(1700000000123, ntp1);
        Assert.Equal(1700000000125, ntp2);
    }

    [Theory]
    [InlineData("""{"time":1,"ntptime1":2,"ntptime2":3}""")]
    [InlineData("""{"type":"get","ntptime1":2,"ntptime2":3}""")]
    [InlineData("""{"type":"get","time":1,"ntptime2":3}""")]
    [InlineData("""{"type":"get","time":"1","ntptime1":2,"ntptime2":3}""")]
    [InlineData("not json")]
    public void TryParseReply_Incomplete_False(string payload)
    {
        Assert.False(TimeMessages.TryParseReply(Encoding.UTF8.GetBytes(payload), out _, out _, out _));
    }
}
