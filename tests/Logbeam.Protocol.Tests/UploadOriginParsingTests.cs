using System.Text;

namespace Logbeam.Protocol.Tests;

/// <summary>
/// Logbeam's optional upload members are advisory: a good set becomes <see cref="ReportLogBody.Origin"/>, a bad member
/// is ignored and counted, and the upload's lines are taken either way.
/// </summary>
public sealed class UploadOriginParsingTests
{
    private const string Lines = "\"Message\":[\"INF one\\n\\fINF two\\n\\f\"],\"ProductId\":\"P\",\"DeviceName\":\"d\"";

    [Fact]
    public void AllThreeMembers_BecomeTheOrigin()
    {
        var body = Parse(With("""
            "BatchId":"b","BootId":"0f3a","FirstLine":41,"Dropped":{"BufferFull":312,"SpoolFull":2,"Shutdown":1,"Later":7}
            """));

        Assert.Equal(new UploadOrigin("0f3a", 41, 312, 2, 1), body.Origin);
        Assert.Equal(315, body.Origin!.Dropped);
        Assert.Equal(0, body.IgnoredMembers);
        Assert.Equal(2, body.Lines.Count);
    }

    [Fact]
    public void WithoutTheMembers_ThereIsNoOrigin_AndNothingIsIgnored()
    {
        var body = Parse(With(null));

        Assert.Null(body.Origin);
        Assert.Equal(0, body.IgnoredMembers);
    }

    [Theory]
    [InlineData("\"BootId\":\"b\",\"FirstLine\":0", 1)]
    [InlineData("\"BootId\":\"b\",\"FirstLine\":-5", 1)]
    [InlineData("\"BootId\":\"b\",\"FirstLine\":1.5", 1)]
    [InlineData("\"BootId\":\"b\",\"FirstLine\":9007199254740993", 1)]
    [InlineData("\"BootId\":\"b\",\"FirstLine\":\"7\"", 1)]
    [InlineData("\"BootId\":7,\"FirstLine\":7", 1)]
    [InlineData("\"BootId\":\"\",\"FirstLine\":7", 1)]
    [InlineData("\"BootId\":{\"a\":[1,2]},\"FirstLine\":[7]", 2)]
    public void ABadBootIdOrFirstLine_LeavesNoOrigin_AndIsCounted_ButTheLinesAreTaken(string members, int ignored)
    {
        var body = Parse(With(members));

        Assert.Null(body.Origin);
        Assert.Equal(ignored, body.IgnoredMembers);
        Assert.Equal(2, body.Lines.Count);
    }

    [Fact]
    public void ABootIdOf10KB_IsIgnored()
    {
        var body = Parse(With($"\"BootId\":\"{new string('b', 10_000)}\",\"FirstLine\":1"));

        Assert.Null(body.Origin);
        Assert.Equal(1, body.IgnoredMembers);
    }

    [Theory]
    [InlineData("{\"BufferFull\":-1}")]
    [InlineData("{\"BufferFull\":1e300}")]
    [InlineData("{\"SpoolFull\":\"3\"}")]
    [InlineData("[1,2,3]")]
    [InlineData("12")]
    public void BadDropCounts_AreIgnoredAsAWhole_AndTheOriginKeepsZeroDrops(string dropped)
    {
        var body = Parse(With("\"BootId\":\"b\",\"FirstLine\":3,\"Dropped\":" + dropped));

        Assert.Equal(new UploadOrigin("b", 3, 0, 0, 0), body.Origin);
        Assert.Equal(1, body.IgnoredMembers);
    }

    private static string With(string? members) => "{" + Lines + (members is null ? string.Empty : "," + members) + "}";

    private static ReportLogBody Parse(string json)
    {
        Assert.True(ReportLogBody.TryParse(Encoding.UTF8.GetBytes(json), 8192, out var body, out var error), error);
        return body!;
    }
}
