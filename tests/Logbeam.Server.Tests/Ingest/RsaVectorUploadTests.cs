using System.Net.Http.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>The §7.3 RSA-SHA256 vector, byte for byte, against a server where the vector device is a certificate device.</summary>
public sealed class RsaVectorUploadTests(UncheckedClockServer server) : IClassFixture<UncheckedClockServer>
{
    private const string RsaVectorSignature =
        "T+V5cnM623t8Z1koSSmJ5bVX69XxwNF6Sf1Tlb8yY17d3/DNn0m0yjOYLghWVPJvuOXJwrWuKWogmyG7HbslZp+IjLVJLeLpOiIYh+rHNL3H2U6L0dGnZrkCj8MgyzYFbPj9NzaS+Mm02kaKhT8JCNNH9f7RXWGGdTCHf3KKLs1eHPL4d93Eb6oqI6ZsnnpCeS5HtALBvyWzw+VgnhIj9n6w2Qa1S7L/n+yJKVKM13V4lL7ldxAz91kBzNZwKTsEJNWWGuQeaU+/kGMoasMUnIxt7Z78NcyFPl5iBvInkUtKkFiZclQxiiFSX4mf7vOCJfxlD5Ta8CgiRbJox0Jl9Q==";

    [Fact]
    public async Task RsaVector_IsAccepted_AndATamperedOneIsNot()
    {
        (await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId = Vectors.ProductId, name = "Vectors" })).EnsureSuccessStatusCode();
        await server.CreateCertDeviceAsync(Vectors.ProductId, Vectors.DeviceName, Vectors.ReadText("dev_cert.pem"));
        var body = Vectors.Read("java_body.json");

        var tampered = Uploads.Request(body, "rsa-sha256", RsaVectorSignature, 1700000001, 123456789);
        Assert.Equal("AuthFailure.SignatureFailure", await Uploads.SendForCodeAsync(server.Device, tampered));
        var vector = Uploads.Request(body, "rsa-sha256", RsaVectorSignature, 1700000000, 123456789);
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, vector));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, Vectors.ProductId, Vectors.DeviceName);
        Assert.Equal(["mqtt connect success", "subscribe failed"], lines.Select(l => l.GetProperty("text").GetString()));
    }
}
