using System.Security.Cryptography;

namespace Logbeam.Protocol.Tests;

public class RequestSignerTests
{
    // Copied from protocol.md §7.3.
    internal const string RsaVectorSignature =
        "T+V5cnM623t8Z1koSSmJ5bVX69XxwNF6Sf1Tlb8yY17d3/DNn0m0yjOYLghWVPJvuOXJwrWuKWogmyG7HbslZp+IjLVJLeLpOiIYh+rHNL3H2U6L0dGnZrkCj8MgyzYFbPj9NzaS+Mm02kaKhT8JCNNH9f7RXWGGdTCHf3KKLs1eHPL4d93Eb6oqI6ZsnnpCeS5HtALBvyWzw+VgnhIj9n6w2Qa1S7L/n+yJKVKM13V4lL7ldxAz91kBzNZwKTsEJNWWGuQeaU+/kGMoasMUnIxt7Z78NcyFPl5iBvInkUtKkFiZclQxiiFSX4mf7vOCJfxlD5Ta8CgiRbJox0Jl9Q==";

    [Fact]
    public void SignHmac_HmacSha256Vector_ReproducesSignature()
    {
        string signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha256, Vectors.Psk, Vectors.Host, "/device/reportlog", 1700000000, 123456789, Vectors.Bytes("java_body.json"));

        Assert.Equal("jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY=", signature);
    }

    [Fact]
    public void SignHmac_HmacSha1Vector_ReproducesSignature()
    {
        string signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha1, Vectors.Psk, Vectors.Host, "/device/reportlog", 1700000000, 987654321, Vectors.Bytes("c_body.json"));

        Assert.Equal("nwMETkeRC5GGqcWnmo0kWAkKJQ4=", signature);
    }

    [Fact]
    public void SignRsa_RsaVector_ReproducesSignature()
    {
        using RSA key = RSA.Create();
        key.ImportFromPem(Vectors.Text("dev_key_pkcs8.pem"));

        string signature = RequestSigner.SignRsa(key, Vectors.Host, "/device/reportlog", 1700000000, 123456789, Vectors.Bytes("java_body.json"));

        Assert.Equal(RsaVectorSignature, signature);
        Assert.Equal(344, signature.Length);
    }

    [Fact]
    public void SignHmac_RsaAlgorithm_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            RequestSigner.SignHmac(SignatureAlgorithm.RsaSha256, Vectors.Psk, Vectors.Host, "/device/reportlog", 1, 1, []));
    }
}
