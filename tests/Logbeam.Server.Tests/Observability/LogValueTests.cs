using Logbeam.Server.Observability;

namespace Logbeam.Server.Tests.Observability;

public sealed class LogValueTests
{
    [Fact]
    public void APlainShortValue_IsLoggedAsItIs()
    {
        const string clientId = "ABCDE12345dev001";

        Assert.Same(clientId, LogValue.Printable(clientId));
    }

    [Fact]
    public void ControlCharacters_AreEscaped_SoNoLineCanBeForged()
    {
        var shown = LogValue.Printable("x\nfail: FORGED\r\u0000\u2028");

        Assert.Equal("x\\nfail: FORGED\\r\\u0000\\u2028", shown);
    }

    [Fact]
    public void ALongValue_IsCut_AndSaysHowLongItWas()
    {
        var shown = LogValue.Printable(new string('A', 10_000));

        Assert.StartsWith(new string('A', LogValue.MaxLength) + "…", shown);
        Assert.EndsWith("(10000 characters)", shown);
        Assert.True(shown.Length < LogValue.MaxLength + 40);
    }
}
