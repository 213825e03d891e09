using System.Net.Sockets;
using System.Text;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>MQTT packets written out by hand, byte by byte, for tests that must send what no well-behaved client sends.</summary>
internal static class MqttWire
{
    /// <summary>
    /// How long a test waits for the broker to do what it does at once (close a connection, say). Generous: the suite
    /// runs dozens of servers side by side on two cores, and a late close is still a close, where no close is the fault.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>An MQTT 3.1.1 CONNECT (clean session, keep-alive 60 s); no password flag when <paramref name="password"/> is null.</summary>
    public static byte[] Connect(string clientId, string? username = null, string? password = null)
    {
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add(4); // protocol level 3.1.1
        byte flags = 0x02;
        if (username is not null)
        {
            flags |= 0x80;
        }

        if (password is not null)
        {
            flags |= 0x40;
        }

        body.Add(flags);
        body.AddRange([0, 60]);
        AddString(body, clientId);
        if (username is not null)
        {
            AddString(body, username);
        }

        if (password is not null)
        {
            AddString(body, password);
        }

        return Packet(0x10, body);
    }

    /// <summary>A SUBSCRIBE (QoS 0) to one topic filter.</summary>
    public static byte[] Subscribe(ushort packetId, string topicFilter)
    {
        var body = new List<byte> { (byte)(packetId >> 8), (byte)packetId };
        AddString(body, topicFilter);
        body.Add(0);
        return Packet(0x82, body);
    }

    /// <summary>A PUBLISH at QoS 0.</summary>
    public static byte[] Publish(string topic, string payload)
    {
        var body = new List<byte>();
        AddString(body, topic);
        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return Packet(0x30, body);
    }

    /// <summary>Reads one packet: its first byte (type and flags) and its body; null when the stream ended first.</summary>
    public static async Task<(byte Type, byte[] Body)?> ReadPacketAsync(Stream stream, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        if (await stream.ReadAsync(one, cancellationToken) == 0)
        {
            return null;
        }

        var type = one[0];
        int length = 0, shift = 0;
        do
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            length |= (one[0] & 0x7F) << shift;
            shift += 7;
        }
        while ((one[0] & 0x80) != 0);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return (type, body);
    }

    /// <summary>
    /// A TLS 1.2 ClientHello record offering <paramref name="suites"/>, no extensions: enough to choose a handshake, for
    /// tests that stop after it or offer what nobody serves.
    /// </summary>
    public static byte[] ClientHello(params ushort[] suites)
    {
        var hello = new List<byte> { 3, 3 };
        hello.AddRange(new byte[32]);
        hello.Add(0); // session id
        hello.Add((byte)(suites.Length * 2 >> 8));
        hello.Add((byte)(suites.Length * 2));
        foreach (var suite in suites)
        {
            hello.Add((byte)(suite >> 8));
            hello.Add((byte)suite);
        }

        hello.AddRange([1, 0]); // compression: null
        byte[] handshake = [1, 0, (byte)(hello.Count >> 8), (byte)hello.Count, .. hello];
        return [22, 3, 1, (byte)(handshake.Length >> 8), (byte)handshake.Length, .. handshake];
    }

    /// <summary>A fixed header: <paramref name="type"/> and the remaining length as a variable byte integer.</summary>
    public static byte[] FixedHeader(byte type, int remainingLength)
    {
        var header = new List<byte> { type };
        do
        {
            var b = (byte)(remainingLength % 128);
            remainingLength /= 128;
            header.Add(remainingLength > 0 ? (byte)(b | 0x80) : b);
        }
        while (remainingLength > 0);
        return [.. header];
    }

    /// <summary>
    /// Reads until the server closes the connection or <paramref name="timeout"/> passes; true when it closed (an orderly
    /// close or a reset). What the server sent before closing is skipped.
    /// </summary>
    public static async Task<bool> ClosedWithinAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] Packet(byte type, List<byte> body) => [.. FixedHeader(type, body.Count), .. body];

    private static void AddString(List<byte> body, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        body.Add((byte)(bytes.Length >> 8));
        body.Add((byte)bytes.Length);
        body.AddRange(bytes);
    }
}
