using System.Net;
using System.Net.Sockets;
using Logbeam.Server.Mqtt.Tls;
using Logbeam.Server.Tests.Mqtt.Connections;

namespace Logbeam.Server.Tests.Mqtt.Tls;

public sealed class StalledHandshakeTests(LimitsServer server) : IClassFixture<LimitsServer>
{
    [Fact]
    public async Task AHandshakeThatStallsAfterTheClientHello_IsClosedAfterTheConnectTimeout()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "connect_timeout");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttTlsPort);

        await socket.SendAsync(MqttWire.ClientHello(0x008C, 0x008D, 0x00FF)); // the C SDK's suites (and the renegotiation SCSV), then nothing

        Assert.True(await MqttWire.ClosedWithinAsync(socket, LimitsServer.ConnectTimeout + MqttWire.Patience));
        Assert.True(await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "connect_timeout", before + 1) >= before + 1);
    }

    [Fact]
    public void APskIdentityOf10KB_IsNotLookedUp()
    {
        var lookedUp = false;
        var identities = new DevicePskIdentities(_ =>
        {
            lookedUp = true;
            return null;
        });

        Assert.Null(identities.GetPsk(new byte[10 * 1024]));
        Assert.True(identities.UnknownIdentity);
        Assert.False(lookedUp);
    }
}
