namespace Logbeam.Protocol.Tests;

public class SignatureAlgorithmsTests
{
    [Theory]
    [InlineData("hmacsha256", SignatureAlgorithm.HmacSha256)]
    [InlineData("HmacSha256", SignatureAlgorithm.HmacSha256)]
    [InlineData("HMACSHA1", SignatureAlgorithm.HmacSha1)]
    [InlineData("rsa-sha256", SignatureAlgorithm.RsaSha256)]
    [InlineData("RSA-SHA256", SignatureAlgorithm.RsaSha256)]
    public void TryParse_AnyCase_Recognised(string header, SignatureAlgorithm expected)
    {
        Assert.True(SignatureAlgorithms.TryParse(header, out SignatureAlgorithm algorithm));
        Assert.Equal(expected, algorithm);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hmacsha512")]
    [InlineData("rsasha256")]
    [InlineData(" hmacsha256")]
    public void TryParse_Unknown_False(string header)
    {
        Assert.False(SignatureAlgorithms.TryParse(header, out _));
    }

    [Fact]
    public void WireName_EveryAlgorithm_IsLowercase()
    {
        Assert.Equal("hmacsha256", SignatureAlgorithms.WireName(SignatureAlgorithm.HmacSha256));
        Assert.Equal("hmacsha1", SignatureAlgorithms.WireName(SignatureAlgorithm.HmacSha1));
        Assert.Equal("rsa-sha256", SignatureAlgorithms.WireName(SignatureAlgorithm.RsaSha256));
    }
}
