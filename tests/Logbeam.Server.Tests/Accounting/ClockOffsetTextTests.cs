using Logbeam.Server.Accounting;

namespace Logbeam.Server.Tests.Accounting;

public sealed class ClockOffsetTextTests
{
    [Theory]
    [InlineData(-7980, "2 h 13 min behind")]
    [InlineData(-7200, "2 h behind")]
    [InlineData(45, "45 s ahead")]
    [InlineData(125.4, "2 min 5 s ahead")]
    [InlineData(-600, "10 min behind")]
    [InlineData(0.3, "in step")]
    [InlineData(-90061, "1 d 1 h behind")]
    public void Describe_SaysHowFarAndWhichWay(double offsetSeconds, string expected) =>
        Assert.Equal(expected, ClockOffsetText.Describe(offsetSeconds));
}
