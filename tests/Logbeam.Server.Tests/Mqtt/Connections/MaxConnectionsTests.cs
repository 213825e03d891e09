using System.Net;
using System.Net.Sockets;
using Logbeam.Server.Mqtt.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Mqtt.Connections;

public sealed class MaxConnectionsTests(CappedServer server) : IClassFixture<CappedServer>
{
    [Fact]
    public async Task PastMaxConnections_ANewConnectionIsClosedAtOnce_AndCounted_AndAFreedPlaceServesADevice()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var psk = await server.CreateKeyDeviceAsync(productId, "capped");
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "max_connections");
        var listener = server.Services.GetRequiredService<DeviceListener>();

        var held = new List<Socket>();
        for (var i = 0; i < CappedServer.MaxConnections; i++)
        {
            held.Add(await OpenAsync());
        }

        await WaitUntilAsync(() => listener.OpenConnections == CappedServer.MaxConnections);
        using (var refused = await OpenAsync())
        {
            Assert.True(await MqttWire.ClosedWithinAsync(refused, MqttWire.Patience), "a connection past the cap stayed open");
        }

        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "max_connections", before + 1));
        Assert.False(await MqttWire.ClosedWithinAsync(held[0], TimeSpan.FromMilliseconds(200)), "the cap closed a connection it had accepted");

        held[0].Dispose();
        await WaitUntilAsync(() => listener.OpenConnections == CappedServer.MaxConnections - 1);
        await using var device = await TestDevice.ConnectAsync(productId, "capped", SdkCredentials.Java(productId, "capped", psk), server.MqttPort);
        Assert.Equal(2, TestDevice.LevelOf(await device.GetLogLevelAsync("capped-1")));
        held[1].Dispose();
    }

    private async Task<Socket> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttPort);
        return socket;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the listener's count of open connections did not settle");
            await Task.Delay(20);
        }
    }
}
