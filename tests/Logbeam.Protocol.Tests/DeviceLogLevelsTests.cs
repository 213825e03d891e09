namespace Logbeam.Protocol.Tests;

public class DeviceLogLevelsTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(-1, false)]
    [InlineData(5, false)]
    public void IsValid_Value_OnlyZeroToFour(int value, bool expected)
    {
        Assert.Equal(expected, DeviceLogLevels.IsValid(value));
    }

    [Theory]
    [InlineData(DeviceLogLevel.Off, "DIS")]
    [InlineData(DeviceLogLevel.Error, "ERR")]
    [InlineData(DeviceLogLevel.Warn, "WRN")]
    [InlineData(DeviceLogLevel.Info, "INF")]
    [InlineData(DeviceLogLevel.Debug, "DBG")]
    public void Prefix_AndTryParsePrefix_RoundTrip(DeviceLogLevel level, string prefix)
    {
        Assert.Equal(prefix, DeviceLogLevels.Prefix(level));
        Assert.True(DeviceLogLevels.TryParsePrefix(prefix + "|rest", out DeviceLogLevel parsed));
        Assert.Equal(level, parsed);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("IN")]
    [InlineData("")]
    [InlineData("FAT")]
    public void TryParsePrefix_Other_False(string text)
    {
        Assert.False(DeviceLogLevels.TryParsePrefix(text, out _));
    }

    [Theory]
    [InlineData("0", DeviceLogLevel.Off)]
    [InlineData("4", DeviceLogLevel.Debug)]
    [InlineData("OFF", DeviceLogLevel.Off)]
    [InlineData("error", DeviceLogLevel.Error)]
    [InlineData("Err", DeviceLogLevel.Error)]
    [InlineData("warn", DeviceLogLevel.Warn)]
    [InlineData("WRN", DeviceLogLevel.Warn)]
    [InlineData("Warning", DeviceLogLevel.Warn)]
    [InlineData(" info ", DeviceLogLevel.Info)]
    [InlineData("inf", DeviceLogLevel.Info)]
    [InlineData("DEBUG", DeviceLogLevel.Debug)]
    [InlineData("dbg", DeviceLogLevel.Debug)]
    public void TryParseName_HumanNames_Recognised(string text, DeviceLogLevel expected)
    {
        Assert.True(DeviceLogLevels.TryParseName(text, out DeviceLogLevel level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-1")]
    [InlineData("verbose")]
    [InlineData("dis")]
    public void TryParseName_Other_False(string? text)
    {
        Assert.False(DeviceLogLevels.TryParseName(text, out _));
    }
}
