namespace Logbeam.Console.Tests;

public sealed class ChromiumTests
{
    [Fact]
    public void AMissingBrowser_FailsWithTheCommandThatInstallsIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Chromium.EnsureInstalled("/nonexistent/chromium"));
        Assert.Contains("apt-get install -y chromium", error.Message, StringComparison.Ordinal);
    }
}
