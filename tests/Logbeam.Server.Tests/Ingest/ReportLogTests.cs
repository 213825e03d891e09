using System.Net.Http.Json;
using System.Security.Cryptography;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>Signed uploads of every algorithm and body layout, read back through the API.</summary>
public sealed class ReportLogTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData("/Device/ReportLog")]
    [InlineData("/device/reportlog/")]
    public async Task PathInAnyCaseOrWithTrailingSlash_IsTheUploadEndpoint(string path)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "path-dev");
        var request = Uploads.Hmac(Uploads.JavaBody(productId, "path-dev", "WRN|2023-11-15 06:13:20|t|by another path"), psk);
        request.RequestUri = new Uri(path, UriKind.Relative);

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, request));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "path-dev"));
        Assert.Equal("by another path", line.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("GET", "/device/reportlog")]
    [InlineData("PUT", "/device/reportlog")]
    [InlineData("GET", "/cgi-bin/report-log")]
    public async Task OtherMethodOnAnUploadPath_Is405WithAllowPost(string method, string path)
    {
        using var response = await server.Device.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task PathOnlyStartingLikeTheUploadPath_IsNotTheUploadEndpoint()
    {
        using var response = await server.Device.PostAsync("/device/reportlogs", new StringContent("{}"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task JavaLayout_HmacSha256_StoresEveryLineWithItsFields()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "phone-1");
        var body = Uploads.JavaBody(productId, "phone-1",
            "ERR|2023-11-15 06:13:20|TXMQTT|subscribe failed",
            "INF|2023-11-15 06:13:21|MainActivity|mqtt connect | success");

        var answer = await Uploads.SendAsync(server.Device, Uploads.Hmac(body, psk));

        Assert.False(answer.TryGetProperty("Error", out _));
        var requestId = answer.GetProperty("RequestId").GetString();
        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "phone-1");
        Assert.Equal(2, lines.Count);
        var newest = lines[0];
        Assert.Equal(3, newest.GetProperty("level").GetInt32());
        Assert.Equal("INF", newest.GetProperty("levelName").GetString());
        Assert.Equal("MainActivity", newest.GetProperty("tag").GetString());
        Assert.Equal("mqtt connect | success", newest.GetProperty("text").GetString());
        Assert.Equal("2023-11-15T06:13:21", newest.GetProperty("deviceTime").GetString());
        Assert.Equal(requestId, newest.GetProperty("requestId").GetString());
        var oldest = lines[1];
        Assert.Equal(1, oldest.GetProperty("level").GetInt32());
        Assert.Equal("TXMQTT", oldest.GetProperty("tag").GetString());
        Assert.Equal("subscribe failed", oldest.GetProperty("text").GetString());
        Assert.True(newest.GetProperty("id").GetInt64() > oldest.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task CLayout_HmacSha1_StoresOneLinePerElement()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "c-dev");
        var body = Uploads.CBody(productId, "c-dev",
            "INF|2023-11-15 06:13:20|mqtt_sample.c|main(120): hello",
            "WRN|2023-11-15 06:13:21|mqtt_sample.c|main(121): careful",
            "DBG|2023-11-15 06:13:22|mqtt_sample.c|main(122): detail");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, SignatureAlgorithm.HmacSha1)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "c-dev");
        Assert.Equal(["main(122): detail", "main(121): careful", "main(120): hello"], lines.Select(l => l.GetProperty("text").GetString()));
        Assert.Equal([4, 2, 3], lines.Select(l => l.GetProperty("level").GetInt32()));
        Assert.All(lines, l => Assert.Equal("mqtt_sample.c", l.GetProperty("tag").GetString()));
    }

    [Fact]
    public async Task C15Layout_WithLevelKey_IgnoresTheExtraKey()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "c15");
        var body = Uploads.Utf8(
            $$"""{"DeviceName":"c15","Level":"ERR","ProductId":"{{productId}}","Message":["ERR|2023-11-15 06:13:20|x.c|f(1): broken"]}""");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, SignatureAlgorithm.HmacSha1)));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "c15"));
        Assert.Equal("f(1): broken", line.GetProperty("text").GetString());
    }

    [Fact]
    public async Task DocsLayout_LevelGluedToText_KeepsLevelAndText()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "docs");
        var body = Uploads.Utf8($$"""{"DeviceName":"docs","Message":["INFmqtt connect success."],"ProductId":"{{productId}}"}""");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, algorithmHeader: "HmacSha256")));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "docs"));
        Assert.Equal(3, line.GetProperty("level").GetInt32());
        Assert.Equal("mqtt connect success.", line.GetProperty("text").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, line.GetProperty("deviceTime").ValueKind);
    }

    [Fact]
    public async Task CertDevice_RsaSha256_AndHmacWithCertificateKey_BothStore_WhereTheProductAllowsIt()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert-dev", Vectors.ReadText("dev_cert.pem"));
        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: true);
        using var key = RSA.Create();
        key.ImportFromPem(Vectors.ReadText("dev_key_pkcs8.pem"));
        var rsaBody = Uploads.JavaBody(productId, "cert-dev", "WRN|2023-11-15 06:13:20|Cert|signed with rsa");
        var certificateKey = Vectors.ReadText("dev_cert.pem").Split('\n')[1][..24];
        var hmacBody = Uploads.JavaBody(productId, "cert-dev", "INF|2023-11-15 06:13:21|Cert|signed with the certificate key");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Rsa(rsaBody, key)));
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(hmacBody, certificateKey)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert-dev");
        Assert.Equal(["signed with the certificate key", "signed with rsa"], lines.Select(l => l.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task SignatureOverRequestHost_IsAccepted()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "py-style");
        var body = Uploads.JavaBody(productId, "py-style", "INF|2023-11-15 06:13:20|t|signed over the URL host");

        // The Python SDK signs the host of the URL it posts to, here the loopback address.
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk, host: "127.0.0.1")));
    }

    [Fact]
    public async Task LineOverTheLimit_IsCutAndMarked()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "long");
        var body = Uploads.JavaBody(productId, "long", "INF|2023-11-15 06:13:20|t|" + new string('x', 20_000));

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));

        var text = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "long")).GetProperty("text").GetString()!;
        Assert.EndsWith(LogLineParser.TruncationMarker, text, StringComparison.Ordinal);

        // The tag "t" takes one character of the line's 8192.
        Assert.Equal(8191 + LogLineParser.TruncationMarker.Length, text.Length);
        var metrics = await server.Admin.GetStringAsync("/metrics");
        Assert.Matches(@"logbeam_ingest_lines_truncated_total [1-9]", metrics);
    }

    [Fact]
    public async Task ImportedPsk_CreateAnswerEchoesIt()
    {
        var productId = await server.CreateProductAsync();
        var response = await server.Admin.PostAsJsonAsync(
            $"/api/v1/products/{productId}/devices", new { deviceName = "imported", psk = Vectors.Psk });
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(Vectors.Psk, created.GetProperty("psk").GetString());

        var body = Uploads.JavaBody(productId, "imported", "INF|2023-11-15 06:13:20|t|hello");
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, Vectors.Psk)));
    }

    [Fact]
    public async Task SameBatchIdTwice_AnsweredSuccessBothTimes_StoredOnce()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "retrier");
        var body = Uploads.Utf8(
            $$"""{"ProductId":"{{productId}}","DeviceName":"retrier","BatchId":"b-42","Message":["INF|2023-11-15 06:13:20|t|exactly once"]}""");
        var other = Uploads.Utf8(
            $$"""{"ProductId":"{{productId}}","DeviceName":"retrier","BatchId":"b-43","Message":["INF|2023-11-15 06:13:20|t|another batch"]}""");

        // A retry after a lost answer: same batch, new nonce and signature.
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(other, psk)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "retrier");
        Assert.Equal(["another batch", "exactly once"], lines.Select(l => l.GetProperty("text").GetString()));
    }
}
