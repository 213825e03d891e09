using System.Globalization;
using Logbeam.Server.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Formatter;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// MQTT over WebSocket on the HTTP port, and over TLS: password devices over server-authenticated TLS, certificate
/// devices over mutual TLS, identified by the certificate they registered.
/// </summary>
public sealed class TransportTests(TlsServer server) : IClassFixture<TlsServer>
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task WebSocket_MqttNet_GetsTheLogLevel(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "ws-dev");
        var url = $"ws://127.0.0.1:{server.BaseAddress.Port}/mqtt";

        await using var device = await TestDevice.ConnectAsync(productId, "ws-dev", SdkCredentials.Java(productId, "ws-dev", psk), 0, version,
            options => options.WithWebSocketServer(ws => ws.WithUri(url)));

        Assert.Equal(3, TestDevice.LevelOf(await device.GetLogLevelAsync("ws-1")));
        var shown = await LevelsApi.DeviceAsync(server.Admin, productId, "ws-dev");
        Assert.True(shown.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task WebSocket_PahoMqtt31_AsThePythonSdk_GetsLevelAndTime()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var psk = await server.CreateKeyDeviceAsync(productId, "py-ws");
        using var python = DebianClients.StartPythonDevice(server.BaseAddress.Port, productId, "py-ws",
            SdkCredentials.Python(productId, "py-ws", psk), "--transport", "websockets", "--ws-path", "/mqtt");

        Assert.Equal(0, (await DebianClientTests.NextEventAsync(python, "connack")).GetProperty("rc").GetInt32());
        Assert.Equal(2, TestDevice.LevelOf((await DebianClientTests.NextEventAsync(python, "log")).GetProperty("payload").GetString()!));
        await DebianClientTests.NextEventAsync(python, "time");
    }

    [Fact]
    public async Task Tls_KeyDeviceWithPassword_MosquittoRr_GetsTheLogLevel()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 4);
        var psk = await server.CreateKeyDeviceAsync(productId, "tls-key");
        var connection = TlsConnection(SdkCredentials.Java(productId, "tls-key", psk), "--cafile", server.Certificates.CaPath);

        var reply = await DebianClients.RequestAsync($"$log/operation/{productId}/tls-key", $"$log/operation/result/{productId}/tls-key",
            """{"type": "get_log_level", "clientToken": "tls-1"}""", connection);

        Assert.Equal(4, TestDevice.LevelOf(reply));
    }

    [Fact]
    public async Task Tls_CertificateDevice_MutualTls_MosquittoRr_GetsTheLogLevel()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var (pem, certificatePath, keyPath) = server.Certificates.CreateDevice(productId + "cert-dev");
        await server.CreateCertDeviceAsync(productId, "cert-dev", pem);
        // The C SDK's certificate mode sends a username and no password.
        var credentials = new SdkCredentials(productId + "cert-dev", $"{productId}cert-dev;21010406;abcde;9223372036854775807", string.Empty);
        var connection = TlsConnection(credentials, "--cafile", server.Certificates.CaPath, "--cert", certificatePath, "--key", keyPath);

        var reply = await DebianClients.RequestAsync($"$log/operation/{productId}/cert-dev", $"$log/operation/result/{productId}/cert-dev",
            """{"type": "get_log_level", "clientToken": "cert-1"}""", connection);

        Assert.Equal(1, TestDevice.LevelOf(reply));
    }

    [Fact]
    public async Task Tls_CertificateDevice_WithAnotherCertificateOrNone_IsRefused()
    {
        var productId = await server.CreateProductAsync();
        var (pem, _, _) = server.Certificates.CreateDevice(productId + "cert-dev");
        await server.CreateCertDeviceAsync(productId, "cert-dev", pem);
        var (_, otherCertificate, otherKey) = server.Certificates.CreateDevice(productId + "impostor");
        var credentials = new SdkCredentials(productId + "cert-dev", $"{productId}cert-dev;21010406;abcde;9223372036854775807", "x;hmacsha1");

        var (device, withOther) = await TestDevice.TryConnectAsync(productId, "cert-dev", credentials, server.MqttTlsPort, configure: options =>
            options.WithTlsOptions(tls => tls.UseTls().WithTrustChain([server.Certificates.Ca])
                .WithClientCertificates([TestCertificates.Load(otherCertificate, otherKey)])));
        await device.DisposeAsync();
        var (device2, withNone) = await TestDevice.TryConnectAsync(productId, "cert-dev", credentials, server.MqttTlsPort, configure: options =>
            options.WithTlsOptions(tls => tls.UseTls().WithTrustChain([server.Certificates.Ca])));
        await device2.DisposeAsync();

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, withOther.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, withNone.ResultCode);
    }

    [Fact]
    public async Task Tls_MqttNet_Mqtt5_CertificateDevice_GetsTimeAndLevel()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var (pem, certificatePath, keyPath) = server.Certificates.CreateDevice(productId + "net-cert");
        await server.CreateCertDeviceAsync(productId, "net-cert", pem);
        var credentials = new SdkCredentials(productId + "net-cert", $"{productId}net-cert;12010126;abcde;2147483647", string.Empty);

        await using var device = await TestDevice.ConnectAsync(productId, "net-cert", credentials, server.MqttTlsPort, MqttProtocolVersion.V500,
            options => options.WithTlsOptions(tls => tls.UseTls().WithTrustChain([server.Certificates.Ca])
                .WithClientCertificates([TestCertificates.Load(certificatePath, keyPath)])));

        Assert.Equal(2, TestDevice.LevelOf(await device.GetLogLevelAsync("net-1")));
        Assert.Contains("ntptime2", await device.GetTimeAsync(), StringComparison.Ordinal);
    }

    private string[] TlsConnection(SdkCredentials credentials, params string[] tls) =>
    [
        "-h", "127.0.0.1", "-p", server.MqttTlsPort.ToString(CultureInfo.InvariantCulture), "-V", "mqttv311",
        "-i", credentials.ClientId, "-u", credentials.Username,
        .. credentials.Password.Length > 0 ? new[] { "-P", credentials.Password } : [], .. tls,
    ];
}
