using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>
/// A certificate device's HMAC key is cut from its certificate, which is public: uploads signed with it are refused
/// unless the product allows them (<c>allowCertificateKeyHmac</c>); <c>rsa-sha256</c> works either way.
/// </summary>
public sealed class CertificateKeyHmacTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private static readonly string Pem = Vectors.ReadText("dev_cert.pem");

    // All it takes to make the signature: the first 24 characters of the certificate's first Base64 line.
    private static readonly string CertificateKey = Pem.Split('\n')[1][..24];

    [Theory]
    [InlineData(SignatureAlgorithm.HmacSha256)]
    [InlineData(SignatureAlgorithm.HmacSha1)]
    public async Task CertificateKeyedUpload_IsRefusedByDefault_AndCounted_UntilTheProductAllowsIt(SignatureAlgorithm algorithm)
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert", Pem);
        var counted = await CountedAsync("reportlog");

        var refused = await Uploads.SendAsync(server.Device, Uploads.Hmac(Body(productId, "by default"), CertificateKey, algorithm));

        var error = refused.GetProperty("Error");
        Assert.Equal(ReportLogErrorCodes.SignatureFailure, error.GetProperty("Code").GetString());
        Assert.Contains("rsa-sha256", error.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(CertificateKey, error.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert"));
        Assert.True(await CountedAsync("reportlog") >= counted + 1);

        var allowed = await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: true);
        Assert.True(allowed.GetProperty("allowCertificateKeyHmac").GetBoolean());
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Body(productId, "allowed"), CertificateKey, algorithm)));

        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: false);
        Assert.Equal(ReportLogErrorCodes.SignatureFailure,
            await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Body(productId, "off again"), CertificateKey, algorithm)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert");
        Assert.Equal(["allowed"], lines.Select(l => l.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task RsaSha256_IsAcceptedWhateverTheSwitch()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert", Pem);
        using var key = RSA.Create();
        key.ImportFromPem(Vectors.ReadText("dev_key_pkcs8.pem"));

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Rsa(Body(productId, "rsa, switch off"), key)));
        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: true);
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Rsa(Body(productId, "rsa, switch on"), key)));

        Assert.Equal(2, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert")).Count);
    }

    [Fact]
    public async Task CertificateKeyedLegacyFrame_IsRefusedByDefault_AndCounted_UntilTheProductAllowsIt()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert", Pem);
        var lines = Encoding.UTF8.GetBytes("INF|2026-01-01 10:00:00|c|from the C SDK in certificate mode\n\f");
        var frame = LegacyFrame.Build('C', productId, "cert", Uploads.Now(), lines, CertificateKey);
        var counted = await CountedAsync("legacy");

        var (retcode, message) = await LegacyUploads.PostAsync(server.Device, frame);

        Assert.Equal(2, retcode); // BadSignature, as for a wrong key
        Assert.Contains("certificate", message, StringComparison.Ordinal);
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert"));
        Assert.True(await CountedAsync("legacy") >= counted + 1);

        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: true);
        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, frame)).Retcode);
        Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert"));
    }

    [Fact]
    public async Task KeyDevices_AreNotAffected()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "key");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Body(productId, "psk", device: "key"), psk)));
        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, LegacyFrame.Build('P', productId, "key", 0, "INF psk frame\n\f"u8, psk))).Retcode);
    }

    private static byte[] Body(string productId, string text, string device = "cert") =>
        Uploads.CBody(productId, device, $"INF|2026-01-01 10:00:00|c|{text}");

    private async Task<double> CountedAsync(string endpoint)
    {
        var metrics = await server.Device.GetStringAsync("/metrics");
        var match = Regex.Match(metrics, $"^logbeam_ingest_certificate_key_hmac_refused_total{{endpoint=\"{endpoint}\"}} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
