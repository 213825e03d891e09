namespace Logbeam.Protocol.Tests;

public class TopicsTests
{
    [Fact]
    public void TopicBuilders_VectorDevice_WireTopics()
    {
        Assert.Equal("$log/operation/ABCDE12345/dev001", Topics.LogOperation("ABCDE12345", "dev001"));
        Assert.Equal("$log/operation/result/ABCDE12345/dev001", Topics.LogOperationResult("ABCDE12345", "dev001"));
        Assert.Equal("$sys/operation/ABCDE12345/dev001", Topics.SysOperation("ABCDE12345", "dev001"));
        Assert.Equal("$sys/operation/result/ABCDE12345/dev001", Topics.SysOperationResult("ABCDE12345", "dev001"));
        Assert.Equal("$log/operation/+/+", Topics.LogOperationFilter);
        Assert.Equal("$sys/operation/+/+", Topics.SysOperationFilter);
    }

    [Theory]
    [InlineData("$log/operation/ABCDE12345/dev001", OperationKind.Log)]
    [InlineData("$sys/operation/ABCDE12345/dev001", OperationKind.Sys)]
    public void TryParseOperation_RequestTopic_KindAndIds(string topic, OperationKind expected)
    {
        Assert.True(Topics.TryParseOperation(topic, out OperationKind kind, out string productId, out string deviceName));
        Assert.Equal(expected, kind);
        Assert.Equal("ABCDE12345", productId);
        Assert.Equal("dev001", deviceName);
    }

    [Theory]
    [InlineData("$log/operation/result/ABCDE12345/dev001")]
    [InlineData("$sys/operation/result/ABCDE12345/dev001")]
    [InlineData("$log/operation/ABCDE12345")]
    [InlineData("$log/operation/ABCDE12345/")]
    [InlineData("$log/operation//dev001")]
    [InlineData("$log/operation/+/+")]
    [InlineData("$log/operation/ABCDE12345/dev001/extra")]
    [InlineData("$thing/up/property/ABCDE12345/dev001")]
    [InlineData("$LOG/operation/ABCDE12345/dev001")]
    [InlineData("")]
    public void TryParseOperation_OtherTopic_False(string topic)
    {
        Assert.False(Topics.TryParseOperation(topic, out _, out _, out _));
    }
}
