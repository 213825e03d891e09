using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>Every kind of bad upload: refused with its error code, HTTP 200 with the envelope, and nothing stored.</summary>
public sealed class ReportLogRejectionTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private const string Line = "ERR|2023-11-15 06:13:20|t|should not be stored";

    public enum Header
    {
        Algorithm,
        Timestamp,
        Nonce,
        Signature,
    }

    [Theory]
    [InlineData(Header.Algorithm)]
    [InlineData(Header.Timestamp)]
    [InlineData(Header.Nonce)]
    [InlineData(Header.Signature)]
    public async Task MissingHeader_InvalidParameter(Header missing)
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.JavaBody(productId, "d", Line);
        var ts = Uploads.Now();
        var nonce = Uploads.NextNonce();
        var signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha256, psk, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, ts, nonce, body);
        var request = Uploads.Request(
            body, missing == Header.Algorithm ? null : "hmacsha256", missing == Header.Signature ? null : signature, ts, nonce);
        request.Headers.Remove(missing switch
        {
            Header.Timestamp => ReportLogHeaders.Timestamp,
            Header.Nonce => ReportLogHeaders.Nonce,
            _ => "X-Unused",
        });

        await AssertRefusedAsync(request, "InvalidParameter", productId);
    }

    [Theory]
    [InlineData("abc", "1")]
    [InlineData("-5", "1")]
    [InlineData("1700000000", "0x10")]
    [InlineData("99999999999999999999999", "1")]
    public async Task MalformedTimestampOrNonce_InvalidParameter(string timestamp, string nonce)
    {
        var (productId, psk) = await NewDeviceAsync();
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), psk);
        request.Headers.Remove(ReportLogHeaders.Timestamp);
        request.Headers.Remove(ReportLogHeaders.Nonce);
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Timestamp, timestamp);
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Nonce, nonce);

        await AssertRefusedAsync(request, "InvalidParameter", productId);
    }

    [Fact]
    public async Task UnknownAlgorithm_InvalidParameter()
    {
        var (productId, psk) = await NewDeviceAsync();
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), psk, algorithmHeader: "hmacmd5");
        await AssertRefusedAsync(request, "InvalidParameter", productId);
    }

    [Fact]
    public async Task WrongSignature_SignatureFailure()
    {
        var (productId, _) = await NewDeviceAsync();
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), "AAAAAAAAAAAAAAAAAAAAAA==");
        await AssertRefusedAsync(request, "AuthFailure.SignatureFailure", productId);
    }

    [Fact]
    public async Task GarbageSignature_SignatureFailure()
    {
        var (productId, _) = await NewDeviceAsync();
        var request = Uploads.Request(Uploads.JavaBody(productId, "d", Line), "hmacsha256", "!!not base64!!", Uploads.Now(), 1);
        await AssertRefusedAsync(request, "AuthFailure.SignatureFailure", productId);
    }

    [Fact]
    public async Task BodyNamingAnotherDevice_SignedWithOwnKey_SignatureFailure()
    {
        var (productId, psk) = await NewDeviceAsync();
        var victimPsk = await server.CreateKeyDeviceAsync(productId, "victim");
        Assert.NotEqual(psk, victimPsk);

        // Device "d" signs a body that claims to come from "victim".
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "victim", Line), psk);

        await AssertRefusedAsync(request, "AuthFailure.SignatureFailure", productId, "victim");
    }

    [Fact]
    public async Task TamperedBody_SignatureFailure()
    {
        var (productId, psk) = await NewDeviceAsync();
        var signed = Uploads.JavaBody(productId, "d", Line);
        var request = Uploads.Hmac(signed, psk);
        var tampered = Uploads.JavaBody(productId, "d", Line.Replace("should", "SHOULD", StringComparison.Ordinal));
        request.Content = new ByteArrayContent(tampered);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", Uploads.JsonContentType);

        await AssertRefusedAsync(request, "AuthFailure.SignatureFailure", productId);
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(3600)]
    public async Task TimestampOutsideWindow_SignatureExpire(int offsetSeconds)
    {
        var (productId, psk) = await NewDeviceAsync();
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), psk, timestamp: Uploads.Now() + offsetSeconds);
        await AssertRefusedAsync(request, "AuthFailure.SignatureExpire", productId);
    }

    [Fact]
    public async Task ReplayedRequest_IsRefusedAndStoredOnce()
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.JavaBody(productId, "d", "INF|2023-11-15 06:13:20|t|once");
        var ts = Uploads.Now();
        var nonce = Uploads.NextNonce();

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, timestamp: ts, nonce: nonce)));
        Assert.Equal("AuthFailure.ReplayedNonce", await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, timestamp: ts, nonce: nonce)));

        Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
    }

    [Fact]
    public async Task UnknownProductOrDevice_DeviceNotExist()
    {
        var (productId, psk) = await NewDeviceAsync();
        await AssertRefusedAsync(Uploads.Hmac(Uploads.JavaBody("NOPRODUCT1", "d", Line), psk), "ResourceNotFound.DeviceNotExist", productId);
        await AssertRefusedAsync(Uploads.Hmac(Uploads.JavaBody(productId, "ghost", Line), psk), "ResourceNotFound.DeviceNotExist", productId);
    }

    [Fact]
    public async Task DisabledDevice_Refused_ThenAcceptedOnceEnabled()
    {
        var (productId, psk) = await NewDeviceAsync();
        (await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/d/disable", null)).EnsureSuccessStatusCode();

        await AssertRefusedAsync(Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), psk), "FailedOperation.DeviceDisabled", productId);

        (await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/d/enable", null)).EnsureSuccessStatusCode();
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.JavaBody(productId, "d", Line), psk)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d"}""")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d","Message":"ERR not an array"}""")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d","Message":[1,2]}""")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d","Message":[]}""")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d","Message":[""]}""")]
    [InlineData("""{"ProductId":"{pid}","Message":["ERR x"]}""")]
    [InlineData("""{"ProductId":"{pid}","DeviceName":"d","Message":["ERR x"]""")]
    public async Task MalformedBody_InvalidParameter(string template)
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.Utf8(template.Replace("{pid}", productId, StringComparison.Ordinal));
        await AssertRefusedAsync(Uploads.Hmac(body, psk), "InvalidParameter", productId);
    }

    [Fact]
    public async Task BodyNotUtf8_InvalidParameter()
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.Utf8($$"""{"ProductId":"{{productId}}","DeviceName":"d","Message":["ERR bad #"]}""");
        body[Array.IndexOf(body, (byte)'#')] = 0xC3; // a lead byte with no continuation
        await AssertRefusedAsync(Uploads.Hmac(body, psk), "InvalidParameter", productId);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task WrongContentType_InvalidParameter(string? contentType)
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.JavaBody(productId, "d", Line);
        var ts = Uploads.Now();
        var nonce = Uploads.NextNonce();
        var signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha256, psk, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, ts, nonce, body);
        await AssertRefusedAsync(Uploads.Request(body, "hmacsha256", signature, ts, nonce, contentType), "InvalidParameter", productId);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON;charset=UTF-8")]
    public async Task ContentTypeParametersAndSpacing_AreIgnored(string contentType)
    {
        var (productId, psk) = await NewDeviceAsync();
        var body = Uploads.JavaBody(productId, "d", Line);
        var request = Uploads.Hmac(body, psk);
        request.Content!.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, request));
    }

    [Fact]
    public async Task BodyOverTheLimit_BodyTooLarge()
    {
        var (productId, psk) = await NewDeviceAsync();
        var lines = Enumerable.Repeat("INF|2023-11-15 06:13:20|t|" + new string('y', 1000), 1100).ToArray();
        var body = Uploads.JavaBody(productId, "d", lines);
        Assert.True(body.Length > 1024 * 1024);
        await AssertRefusedAsync(Uploads.Hmac(body, psk), "LimitExceeded.BodyTooLarge", productId);
    }

    [Fact]
    public async Task RsaSignatureFromAKeyDevice_Refused()
    {
        var (productId, _) = await NewDeviceAsync();
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = Uploads.Rsa(Uploads.JavaBody(productId, "d", Line), key);
        var code = await Uploads.SendForCodeAsync(server.Device, request);
        Assert.Contains(code, new[] { "InvalidParameter", "AuthFailure.SignatureFailure" });
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
    }

    private async Task<(string ProductId, string Psk)> NewDeviceAsync()
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, "d"));
    }

    private async Task AssertRefusedAsync(HttpRequestMessage request, string code, string productId, string deviceName = "d")
    {
        var answer = await Uploads.SendAsync(server.Device, request);
        Assert.True(answer.TryGetProperty("Error", out var error), "expected an error answer, got " + answer);
        Assert.Equal(code, error.GetProperty("Code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("Message").GetString()));
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("RequestId").GetString()));
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, deviceName));
    }
}
