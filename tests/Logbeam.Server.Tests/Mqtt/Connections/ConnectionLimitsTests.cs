using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;

namespace Logbeam.Server.Tests.Mqtt.Connections;

/// <summary>
/// What the broker does with a client that never authenticates, or sends more than a device would: closes it, before
/// the packet's body is read, and counts why.
/// </summary>
public sealed class ConnectionLimitsTests(LimitsServer server) : IClassFixture<LimitsServer>
{
    private static readonly TimeSpan Prompt = MqttWire.Patience;

    [Fact]
    public async Task AConnectClaiming256MB_IsClosedAtOnce_AndCounted()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "ConnectTooLarge");
        using var socket = await OpenAsync();

        await socket.SendAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F });
        var flood = SendZerosAsync(socket, 64 * 1024 * 1024);

        Assert.True(await MqttWire.ClosedWithinAsync(socket, Prompt), "the broker kept reading a 256 MB CONNECT");
        Assert.True(await flood < 64 * 1024 * 1024, "the broker took 64 MB of a CONNECT's body");
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "ConnectTooLarge", before + 1));
    }

    [Fact]
    public async Task AConnectionThatSendsNothing_IsClosedAfterTheConnectTimeout()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "connect_timeout");
        using var socket = await OpenAsync();

        Assert.True(await MqttWire.ClosedWithinAsync(socket, LimitsServer.ConnectTimeout + Prompt), "an idle connection stayed open");
        Assert.True(await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "connect_timeout", before + 1) >= before + 1);
    }

    [Fact]
    public async Task AConnectSentAByteAtATime_IsClosedAfterTheConnectTimeout()
    {
        using var socket = await OpenAsync();
        var connect = MqttWire.Connect("PRODUCT001slow", "PRODUCT001slow;12010126;abcde;2147483647", "x;hmacsha256");
        using var stop = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            foreach (var b in connect)
            {
                await socket.SendAsync(new[] { b }, stop.Token);
                await Task.Delay(250, stop.Token);
            }
        }, stop.Token);

        // The whole CONNECT would take 250 ms × its length, well past the timeout.
        Assert.True(connect.Length * 0.25 > (LimitsServer.ConnectTimeout + Prompt).TotalSeconds);
        Assert.True(await MqttWire.ClosedWithinAsync(socket, LimitsServer.ConnectTimeout + Prompt), "a trickled CONNECT kept the connection open");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => trickle);
    }

    [Fact]
    public async Task AFirstPacketThatIsNotAConnect_IsClosedAtOnce()
    {
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "NotConnect");
        using var socket = await OpenAsync();

        await socket.SendAsync(new byte[] { 0xC0, 0x00 }); // PINGREQ

        Assert.True(await MqttWire.ClosedWithinAsync(socket, Prompt));
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "NotConnect", before + 1));
    }

    [Fact]
    public async Task AnAuthenticatedDevice_PublishingOverTheBound_IsDisconnected()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "big-pub");
        await using var device = await TestDevice.ConnectAsync(productId, "big-pub", SdkCredentials.Java(productId, "big-pub", psk), server.MqttPort);
        var before = await BrokerMetrics.ClosedAsync(server.Admin, "PacketTooLarge");

        Assert.Equal(3, TestDevice.LevelOf(await device.GetLogLevelAsync("small-first")));
        await PublishIgnoringFailureAsync(device, new string('x', 10 * 1024 * 1024));

        await WaitUntilAsync(() => !device.Client.IsConnected, "a device that published 10 MB is still connected");
        Assert.Equal(before + 1, await BrokerMetrics.ClosedAtLeastAsync(server.Admin, "PacketTooLarge", before + 1));
        // The device can come back, within the bounds.
        await using var again = await TestDevice.ConnectAsync(productId, "big-pub", SdkCredentials.Java(productId, "big-pub", psk), server.MqttPort);
        Assert.Equal(3, TestDevice.LevelOf(await again.GetLogLevelAsync("small-again")));
    }

    [Fact]
    public async Task AnMqtt5Device_IsToldTheMaximumPacketSize()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "v5-dev");

        var (device, result) = await TestDevice.TryConnectAsync(
            productId, "v5-dev", SdkCredentials.Java(productId, "v5-dev", psk), server.MqttPort, MqttProtocolVersion.V500);
        await using var _ = device;

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal(64u * 1024, result.MaximumPacketSize);
    }

    private async Task<Socket> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.MqttPort);
        return socket;
    }

    /// <summary>Sends up to <paramref name="limit"/> zero bytes; returns how many the connection took before it failed.</summary>
    private static async Task<long> SendZerosAsync(Socket socket, long limit)
    {
        var chunk = new byte[64 * 1024];
        long sent = 0;
        try
        {
            while (sent < limit)
            {
                sent += await socket.SendAsync(chunk).WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ObjectDisposedException)
        {
        }

        return sent;
    }

    private static async Task PublishIgnoringFailureAsync(TestDevice device, string payload)
    {
        try
        {
            await device.PublishAsync(device.LogRequestTopic, payload);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            // The broker may close the connection while the client is still writing.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Prompt + Prompt;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
