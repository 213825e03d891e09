using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt.Connections;

/// <summary>
/// The server as its own process, attacked by clients that never authenticate: its memory, and its log. Out of process,
/// so that the resident memory measured is the server's alone.
/// </summary>
public sealed class HostileClientTests : IAsyncLifetime
{
    /// <summary>The most the server's resident memory may grow while two clients each claim a 256 MB CONNECT.</summary>
    private const long MemoryBoundBytes = 48L * 1024 * 1024;

    private readonly string _dataDirectory = TempDirectory.Create("logbeam-hostile");
    private readonly int _mqttPort = FreePort.Next();
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(
        _dataDirectory, LogbeamServer.AdminKey, "--Mqtt:Port", _mqttPort.ToString(CultureInfo.InvariantCulture),
        "--Logging:LogLevel:Logbeam.Server.Mqtt", "Information");

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        TempDirectory.Delete(_dataDirectory);
    }

    [Fact]
    public async Task TwoConnectsClaiming256MB_AreClosed_AndTheServersMemoryBarelyMoves()
    {
        // Warm the connection path up first, so that what it loads once is not counted.
        using (var warm = await OpenAsync())
        {
            await warm.SendAsync(MqttWire.Connect("warm-up"));
            await MqttWire.ClosedWithinAsync(warm, MqttWire.Patience);
        }

        var before = ResidentBytes();
        using var first = await OpenAsync();
        using var second = await OpenAsync();
        var floods = new[] { FloodAsync(first), FloodAsync(second) };

        Assert.True(await MqttWire.ClosedWithinAsync(first, MqttWire.Patience), "the first connection was not closed");
        Assert.True(await MqttWire.ClosedWithinAsync(second, MqttWire.Patience), "the second connection was not closed");
        var sent = await Task.WhenAll(floods);
        var grown = ResidentBytes() - before;

        // Any client can do this as often as it likes: it is counted, not logged at Warning.
        Assert.DoesNotContain("MQTTnet[", _server.Output, StringComparison.Ordinal);
        Assert.True(grown < MemoryBoundBytes,
            $"the server's resident memory grew by {grown / 1048576} MiB (bound {MemoryBoundBytes / 1048576} MiB) after clients sent {sent.Sum() / 1048576} MiB");
    }

    [Fact]
    public async Task AClientIdWithANewline_OrOf10KB_IsLoggedEscapedAndCut()
    {
        const string forged = "fail: FORGED LOG LINE";
        var longId = new string('A', 10_000);

        foreach (var clientId in new[] { "x\n" + forged, longId })
        {
            using var socket = await OpenAsync();
            await socket.SendAsync(MqttWire.Connect(clientId, "user", "password"));
            await MqttWire.ClosedWithinAsync(socket, MqttWire.Patience);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!_server.Output.Contains("(10000 characters)", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var lines = _server.Output.Split('\n');
        Assert.Contains(lines, line => line.Contains("x\\nfail: FORGED LOG LINE", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith(forged, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("(10000 characters)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(new string('A', 1000), StringComparison.Ordinal));
    }

    private async Task<Socket> OpenAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _mqttPort);
        return socket;
    }

    /// <summary>The CONNECT header of the attack, then zeros (at most 256 MB) until the server stops taking them.</summary>
    private static async Task<long> FloodAsync(Socket socket)
    {
        long sent = 0;
        var chunk = new byte[256 * 1024];
        try
        {
            await socket.SendAsync(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F });
            while (sent < 256L * 1024 * 1024)
            {
                sent += await socket.SendAsync(chunk).WaitAsync(MqttWire.Patience);
            }
        }
        catch (Exception e) when (e is SocketException or TimeoutException or ObjectDisposedException)
        {
        }

        return sent;
    }

    private long ResidentBytes()
    {
        var status = File.ReadAllLines($"/proc/{_server.ProcessId}/status");
        var kb = status.First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
    }
}
