using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// The smallest MQTT 3.1.1 client that does what a log-level device does: CONNECT with a username and password,
/// SUBSCRIBE at QoS 0, PUBLISH at QoS 0, and read PUBLISH packets. Ten thousand of these cost a socket and a read
/// loop each, so the load generator measures the broker, not a client library.
/// </summary>
internal sealed class RawMqttClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new() { NoDelay = true };
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private NetworkStream _stream = null!;
    private Task _reading = Task.CompletedTask;

    /// <summary>Called for every PUBLISH received, on the read loop.</summary>
    public Action<RawMqttClient, string, ReadOnlyMemory<byte>>? Received { get; set; }

    public object? State { get; set; }

    /// <summary>Connects and returns the CONNACK return code (0 is accepted).</summary>
    public async Task<int> ConnectAsync(int port, string clientId, string? username, string? password, CancellationToken cancellationToken)
    {
        await _tcp.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
        _stream = _tcp.GetStream();
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add(4); // 3.1.1
        body.Add((byte)(0x02 | (username is null ? 0 : 0x80) | (password is null ? 0 : 0x40)));
        body.Add(0);
        body.Add(0); // keep-alive off: the bench is short and pings would only add noise
        AddString(body, clientId);
        if (username is not null)
        {
            AddString(body, username);
        }

        if (password is not null)
        {
            AddString(body, password);
        }

        await WriteAsync(0x10, body, cancellationToken).ConfigureAwait(false);
        var (type, connack) = await ReadPacketAsync(cancellationToken).ConfigureAwait(false);
        return type == 2 && connack.Length == 2 ? connack[1] : -1;
    }

    public async Task<bool> SubscribeAsync(string topicFilter, CancellationToken cancellationToken)
    {
        var body = new List<byte> { 0, 1 };
        AddString(body, topicFilter);
        body.Add(0);
        await WriteAsync(0x82, body, cancellationToken).ConfigureAwait(false);
        var (type, suback) = await ReadPacketAsync(cancellationToken).ConfigureAwait(false);
        return type == 9 && suback.Length == 3 && suback[2] < 0x80;
    }

    /// <summary>Starts the read loop that hands every PUBLISH to <see cref="Received"/>.</summary>
    public void StartReading(CancellationToken cancellationToken) => _reading = Task.Run(() => ReadLoopAsync(cancellationToken), cancellationToken);

    public Task PublishAsync(string topic, ReadOnlySpan<byte> payload, CancellationToken cancellationToken)
    {
        var body = new List<byte>(topic.Length + payload.Length + 2);
        AddString(body, topic);
        body.AddRange(payload);
        return WriteAsync(0x30, body, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // closed under the read loop: expected at the end
        }

        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var (type, body) = await ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            if (type != 3)
            {
                continue;
            }

            var topicLength = BinaryPrimitives.ReadUInt16BigEndian(body);
            var topic = Encoding.UTF8.GetString(body, 2, topicLength);
            Received?.Invoke(this, topic, body.AsMemory(2 + topicLength));
        }
    }

    private async Task<(int Type, byte[] Body)> ReadPacketAsync(CancellationToken cancellationToken)
    {
        var one = new byte[1];
        await _stream.ReadExactlyAsync(one, cancellationToken).ConfigureAwait(false);
        var type = one[0] >> 4;
        int length = 0, shift = 0;
        do
        {
            await _stream.ReadExactlyAsync(one, cancellationToken).ConfigureAwait(false);
            length |= (one[0] & 0x7F) << shift;
            shift += 7;
        }
        while ((one[0] & 0x80) != 0);

        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return (type, body);
    }

    /// <summary>A whole packet: <paramref name="header"/>, the remaining length as a variable byte integer, <paramref name="body"/>.</summary>
    internal static byte[] Packet(byte header, List<byte> body)
    {
        var packet = new List<byte>(body.Count + 5) { header };
        var length = body.Count;
        do
        {
            var digit = (byte)(length % 128);
            length /= 128;
            packet.Add(length > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (length > 0);

        packet.AddRange(body);
        return [.. packet];
    }

    private async Task WriteAsync(byte header, List<byte> body, CancellationToken cancellationToken)
    {
        var packet = Packet(header, body);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void AddString(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.Add((byte)(bytes.Length >> 8));
        body.Add((byte)bytes.Length);
        body.AddRange(bytes);
    }
}
