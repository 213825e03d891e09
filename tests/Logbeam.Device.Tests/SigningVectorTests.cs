using System.Text;
using Logbeam.Device.Mqtt;
using Logbeam.Device.Upload;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>The SDK's own signing, body and credential paths reproduce the protocol vectors (protocol.md §7).</summary>
public sealed class SigningVectorTests
{
    private static readonly string[] VectorLines =
    [
        "ERR|2023-11-15 06:13:20|TXMQTT|subscribe failed",
        "INF|2023-11-15 06:13:20|MainActivity|mqtt connect success",
    ];

    private static LogbeamDeviceOptions KeyDevice() => new()
    {
        ProductId = Vectors.ProductId,
        DeviceName = Vectors.DeviceName,
        Psk = Vectors.Psk,
        UploadUri = new Uri("http://127.0.0.1:1"),
    };

    [Fact]
    public void Body_WithoutBatchId_IsTheJavaSdkBodyByteForByte()
    {
        var body = BatchBody.Create(Vectors.ProductId, Vectors.DeviceName, string.Empty, VectorLines);

        Assert.Equal(Encoding.UTF8.GetString(Vectors.Read("java_body.json")), Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Body_WithBatchId_AddsItLast()
    {
        var body = Encoding.UTF8.GetString(BatchBody.Create("P", "d", "b-1", ["INF|2023-11-15 06:13:20|t|x"]));

        Assert.Equal("""{"Message":["INF|2023-11-15 06:13:20|t|x\n\f"],"ProductId":"P","DeviceName":"d","BatchId":"b-1"}""", body);
    }

    [Fact]
    public void Body_WithItsOrigin_AddsTheExtensionMembersAfterTheBatchId_AndTheDropsOnlyOnceThereAreSome()
    {
        string[] line = ["INF|2023-11-15 06:13:20|t|x"];

        var clean = Encoding.UTF8.GetString(BatchBody.Create("P", "d", "b-1", line, new BatchOrigin("boot1", 41, default)));
        var lossy = Encoding.UTF8.GetString(BatchBody.Create("P", "d", "b-2", line, new BatchOrigin("boot1", 42, new DropTotals(312, 0, 5))));

        Assert.Equal("""{"Message":["INF|2023-11-15 06:13:20|t|x\n\f"],"ProductId":"P","DeviceName":"d","BatchId":"b-1","BootId":"boot1","FirstLine":41}""", clean);
        Assert.EndsWith(""","BatchId":"b-2","BootId":"boot1","FirstLine":42,"Dropped":{"BufferFull":312,"SpoolFull":0,"Shutdown":5}}""", lossy, StringComparison.Ordinal);
    }

    [Fact]
    public void HmacRequest_ForTheVectorBody_CarriesTheVectorSignatureAndHeaders()
    {
        using var signing = new RequestSigning(KeyDevice());
        var body = BatchBody.Create(Vectors.ProductId, Vectors.DeviceName, string.Empty, VectorLines);

        using var request = signing.CreateRequest(new Uri("http://127.0.0.1/device/reportlog"), body, 1700000000, 123456789);

        Assert.Equal("hmacsha256", Header(request, ReportLogHeaders.Algorithm));
        Assert.Equal("1700000000", Header(request, ReportLogHeaders.Timestamp));
        Assert.Equal("123456789", Header(request, ReportLogHeaders.Nonce));
        Assert.Equal("jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY=", Header(request, ReportLogHeaders.Signature));
        Assert.Equal("application/json; charset=utf-8", request.Content!.Headers.ContentType!.ToString());
    }

    [Fact]
    public void RsaRequest_ForTheVectorBody_CarriesTheVectorSignature()
    {
        var options = KeyDevice();
        options.Psk = null;
        options.CertificatePem = Vectors.ReadText("dev_cert.pem");
        options.PrivateKeyPem = Vectors.ReadText("dev_key_pkcs8.pem");
        using var signing = new RequestSigning(options);
        var body = Vectors.Read("java_body.json");

        using var request = signing.CreateRequest(new Uri("http://127.0.0.1/device/reportlog"), body, 1700000000, 123456789);

        Assert.Equal("rsa-sha256", Header(request, ReportLogHeaders.Algorithm));
        Assert.Equal(
            "T+V5cnM623t8Z1koSSmJ5bVX69XxwNF6Sf1Tlb8yY17d3/DNn0m0yjOYLghWVPJvuOXJwrWuKWogmyG7HbslZp+IjLVJLeLpOiIYh+rHNL3H2U6L0dGnZrkCj8MgyzYFbPj9NzaS+Mm02kaKhT8JCNNH9f7RXWGGdTCHf3KKLs1eHPL4d93Eb6oqI6ZsnnpCeS5HtALBvyWzw+VgnhIj9n6w2Qa1S7L/n+yJKVKM13V4lL7ldxAz91kBzNZwKTsEJNWWGuQeaU+/kGMoasMUnIxt7Z78NcyFPl5iBvInkUtKkFiZclQxiiFSX4mf7vOCJfxlD5Ta8CgiRbJox0Jl9Q==",
            Header(request, ReportLogHeaders.Signature));
    }

    [Fact]
    public void MqttLogin_WithTheJavaConnectionId_IsTheJavaVector()
    {
        var (clientId, username, password) = MqttLogin.Create(KeyDevice(), "Xy9Zq");

        Assert.Equal("ABCDE12345dev001", clientId);
        Assert.Equal("ABCDE12345dev001;12010126;Xy9Zq;2147483647", username);
        Assert.Equal("31847662f8d01f12d6dc11e8d3f4bda18a1858e1afafe2b0baba7dcc3d4792b2;hmacsha256", password);
    }

    [Theory]
    [InlineData("""{"Response":{"RequestId":"r"}}""", "Acknowledged")]
    [InlineData("""{"Response":{"Error":{"Code":"RequestLimitExceeded","Message":"busy"},"RequestId":"r"}}""", "Retry")]
    [InlineData("""{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r"}}""", "Retry")]
    [InlineData("""{"Response":{"Error":{"Code":"InvalidParameter","Message":"x"},"RequestId":"r"}}""", "Refused")]
    [InlineData("""{"Retcode":0}""", "Retry")]
    [InlineData("<html>bad gateway</html>", "Retry")]
    [InlineData("", "Retry")]
    public void Answer_IsClassifiedWithoutThrowing(string answer, string expected) =>
        Assert.Equal(expected, ReportLogSender.Classify(Encoding.UTF8.GetBytes(answer)).Outcome.ToString());

    private static string Header(HttpRequestMessage request, string name) => string.Join(",", request.Headers.GetValues(name));
}
