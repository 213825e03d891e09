using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Logbeam.Server.Tests.Mqtt.Connections;

namespace Logbeam.Server.Tests.Mqtt.Tls;

/// <summary>
/// The TLS port as Tencent's C SDK meets it in a TLS build: TLS 1.2 with the device's pre-shared key, then a CONNECT
/// with a username and no password. <c>openssl s_client</c> is the independent client. The same port serves
/// certificate TLS (<see cref="TransportTests"/>).
/// </summary>
public sealed class TlsPskTests(TlsServer server) : IClassFixture<TlsServer>
{
    [Theory]
    [InlineData("PSK-AES128-CBC-SHA")]
    [InlineData("PSK-AES256-CBC-SHA")]
    [InlineData("ECDHE-PSK-CHACHA20-POLY1305")]
    [InlineData("PSK-AES128-GCM-SHA256")]
    public async Task ACSdkStyleDevice_ConnectsWithoutPassword_AndGetsItsLevel(string cipher)
    {
        var (productId, psk) = await DeviceAsync("psk-dev", level: 2);
        await using var client = OpensslPskClient.Start(server.MqttTlsPort, productId + "psk-dev", OpensslPskClient.Hex(psk), cipher);

        Assert.Equal(0, await client.ConnectAsync(productId + "psk-dev", CUsername(productId, "psk-dev")));
        await client.SendAsync(MqttWire.Subscribe(1, $"$log/operation/result/{productId}/psk-dev"));
        Assert.Equal((byte)0x90, (await client.ReceiveAsync())?.Type);
        await client.SendAsync(MqttWire.Publish($"$log/operation/{productId}/psk-dev", """{"type":"get_log_level","clientToken":"psk-1"}"""));

        var reply = await client.ReceiveAsync();
        Assert.NotNull(reply);
        Assert.Equal(0x30, reply.Value.Type & 0xF0);
        var body = reply.Value.Body;
        var topicLength = (body[0] << 8) | body[1];
        Assert.Equal($"$log/operation/result/{productId}/psk-dev", Encoding.UTF8.GetString(body, 2, topicLength));
        Assert.Equal(2, TestDevice.LevelOf(Encoding.UTF8.GetString(body, 2 + topicLength, body.Length - 2 - topicLength)));
        var shown = await LevelsApi.DeviceAsync(server.Admin, productId, "psk-dev");
        Assert.True(shown.GetProperty("online").GetBoolean());
    }

    [Fact]
    public async Task DuringARotationOverlap_TheNewKeyWorksAtOnce_AndADeviceOnItsOldKeyConnectsOnItsNextAttempt()
    {
        var (productId, oldPsk) = await DeviceAsync("rotated", level: 4);
        var rotated = await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices/rotated/rotate-key", new { overlapSeconds = 3600 });
        rotated.EnsureSuccessStatusCode();
        var newPsk = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("psk").GetString()!;
        var clientId = productId + "rotated";

        await using (var withNew = OpensslPskClient.Start(server.MqttTlsPort, clientId, OpensslPskClient.Hex(newPsk)))
        {
            Assert.Equal(0, await withNew.ConnectAsync(clientId, CUsername(productId, "rotated")));
        }

        await using (var oldFirst = OpensslPskClient.Start(server.MqttTlsPort, clientId, OpensslPskClient.Hex(oldPsk)))
        {
            Assert.Null(await oldFirst.ConnectAsync(clientId, CUsername(productId, "rotated")));
        }

        await using (var oldAgain = OpensslPskClient.Start(server.MqttTlsPort, clientId, OpensslPskClient.Hex(oldPsk)))
        {
            Assert.Equal(0, await oldAgain.ConnectAsync(clientId, CUsername(productId, "rotated")));
        }

        var shown = await LevelsApi.DeviceAsync(server.Admin, productId, "rotated");
        Assert.Equal(JsonValueKind.String, shown.GetProperty("previousKey").GetProperty("lastUsedAt").ValueKind);

        // Once the overlap ends, the old key fails however often it tries.
        (await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/rotated/previous-key")).EnsureSuccessStatusCode();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var afterOverlap = OpensslPskClient.Start(server.MqttTlsPort, clientId, OpensslPskClient.Hex(oldPsk));
            Assert.Null(await afterOverlap.ConnectAsync(clientId, CUsername(productId, "rotated")));
        }
    }

    [Fact]
    public async Task AWrongKey_FailsTheHandshake_AndIsCounted()
    {
        var (productId, _) = await DeviceAsync("wrong-key");
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "psk_handshake");
        await using var client = OpensslPskClient.Start(server.MqttTlsPort, productId + "wrong-key", "00112233445566778899aabbccddeeff");

        Assert.Null(await client.ConnectAsync(productId + "wrong-key", CUsername(productId, "wrong-key")));
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "psk_handshake", before + 1));
    }

    [Fact]
    public async Task AnUnknownIdentity_FailsTheHandshake_AndIsCounted()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "psk_unknown_identity");
        await using var client = OpensslPskClient.Start(server.MqttTlsPort, "NOPRODUCT1nobody", "00112233445566778899aabbccddeeff");

        Assert.Null(await client.ConnectAsync("NOPRODUCT1nobody", "NOPRODUCT1nobody;21010406;abcde;9223372036854775807"));
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "psk_unknown_identity", before + 1));
    }

    [Fact]
    public async Task ADisabledDevice_FailsTheHandshake()
    {
        var (productId, psk) = await DeviceAsync("disabled");
        (await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/disabled/disable", null)).EnsureSuccessStatusCode();
        await using var client = OpensslPskClient.Start(server.MqttTlsPort, productId + "disabled", OpensslPskClient.Hex(psk));

        Assert.Null(await client.ConnectAsync(productId + "disabled", CUsername(productId, "disabled")));
    }

    [Fact]
    public async Task TheKeyOfDeviceA_WithTheClientIdOrUsernameOfDeviceB_IsRefused()
    {
        var (productId, pskA) = await DeviceAsync("dev-a");
        await server.CreateKeyDeviceAsync(productId, "dev-b");

        await using (var asB = OpensslPskClient.Start(server.MqttTlsPort, productId + "dev-a", OpensslPskClient.Hex(pskA)))
        {
            Assert.Equal(5, await asB.ConnectAsync(productId + "dev-b", CUsername(productId, "dev-b"))); // not authorized
        }

        await using var usernameOfB = OpensslPskClient.Start(server.MqttTlsPort, productId + "dev-a", OpensslPskClient.Hex(pskA));
        Assert.Equal(5, await usernameOfB.ConnectAsync(productId + "dev-a", CUsername(productId, "dev-b")));
    }

    [Fact]
    public async Task APasswordlessConnect_OnThePlainPort_OrOverCertificateTlsWithoutACertificate_IsRefused()
    {
        var (productId, _) = await DeviceAsync("no-pass");
        var connect = MqttWire.Connect(productId + "no-pass", CUsername(productId, "no-pass"), password: null);

        using (var plain = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await plain.ConnectAsync(IPAddress.Loopback, server.MqttPort);
            await using var stream = new NetworkStream(plain);
            await stream.WriteAsync(connect);
            var connAck = await MqttWire.ReadPacketAsync(stream, new CancellationTokenSource(OpensslPskClient.Patience).Token);
            Assert.NotEqual(0, connAck!.Value.Body[1]);
        }

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.MqttTlsPort);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        await tls.WriteAsync(connect);
        var overTls = await MqttWire.ReadPacketAsync(tls, new CancellationTokenSource(OpensslPskClient.Patience).Token);
        Assert.NotEqual(0, overTls!.Value.Body[1]);
    }

    [Fact]
    public async Task Garbage_InsteadOfAClientHello_IsClosedAndCounted()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "not_tls");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttTlsPort);

        await socket.SendAsync(MqttWire.Connect("PLAINTEXT1dev", "x", "y"));

        Assert.True(await MqttWire.ClosedWithinAsync(socket, MqttWire.Patience));
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "not_tls", before + 1));
    }

    [Fact]
    public async Task AClientHelloOfferingNoSuiteTheServerHas_IsClosedAndCounted()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "tls_handshake");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttTlsPort);

        await socket.SendAsync(MqttWire.ClientHello(0x0004, 0x0005)); // RC4 suites only

        Assert.True(await MqttWire.ClosedWithinAsync(socket, MqttWire.Patience));
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "tls_handshake", before + 1));
    }

    [Fact]
    public async Task ARenegotiationAttempt_ClosesTheConnection_AndIsCounted()
    {
        var (productId, psk) = await DeviceAsync("reneg");
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "renegotiation");
        await using var client = OpensslPskClient.Start(server.MqttTlsPort, productId + "reneg", OpensslPskClient.Hex(psk), quiet: false);
        await Task.Delay(1000); // let the handshake finish before asking for another

        await client.SendLineAsync("R");

        Assert.True(await client.EndsWithinAsync(MqttWire.Patience), "the connection stayed open after a renegotiation attempt:\n" + client.Errors);
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "renegotiation", before + 1));
    }

    private async Task<(string ProductId, string Psk)> DeviceAsync(string deviceName, int level = 3)
    {
        var productId = await server.CreateProductAsync(defaultLevel: level);
        return (productId, await server.CreateKeyDeviceAsync(productId, deviceName));
    }

    /// <summary>The C SDK's username: client id, app id, connection id, expiry (LONG_MAX).</summary>
    private static string CUsername(string productId, string deviceName) => $"{productId}{deviceName};21010406;a1B2c;9223372036854775807";
}
