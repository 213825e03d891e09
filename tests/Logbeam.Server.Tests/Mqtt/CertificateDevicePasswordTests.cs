using Logbeam.Server.Tests.Infrastructure;
using MQTTnet;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// Over MQTT a certificate device is known only by the certificate it presents over mutual TLS: a password made with
/// the key cut from its (public) certificate lets no one in, whether or not the product allows that key for HTTP.
/// </summary>
public sealed class CertificateDevicePasswordTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PasswordFromTheCertificateKey_IsRefused(bool productAllowsCertificateKeyHmac)
    {
        var productId = await server.CreateProductAsync();
        var pem = Vectors.ReadText("dev_cert.pem");
        await server.CreateCertDeviceAsync(productId, "cert", pem);
        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: productAllowsCertificateKeyHmac);
        var certificateKey = pem.Split('\n')[1][..24];

        foreach (var credentials in new[]
        {
            SdkCredentials.C(productId, "cert", certificateKey),
            SdkCredentials.Java(productId, "cert", certificateKey),
            SdkCredentials.Python(productId, "cert", certificateKey),
        })
        {
            var (device, result) = await TestDevice.TryConnectAsync(productId, "cert", credentials, server.MqttPort);
            await device.DisposeAsync();
            Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result.ResultCode);
        }
    }
}
