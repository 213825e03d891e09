using System.Net.Sockets;
using System.Text;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>MQTT packets written out by hand, byte by byte, for tests that must send what no well-behaved client sends.</summary>
internal static class MqttWire
{
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
