namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// Follows the MQTT packet boundaries in the bytes a client sends, and stops a packet that is too large as soon as its
/// fixed header says so, before anybody reads or buffers its body. MQTTnet allocates a packet's whole body as soon as
/// it has read the length, so a client claiming 256 MB would otherwise get 256 MB of server memory, unauthenticated.
/// </summary>
/// <remarks>
/// Sizes are whole packets (fixed header included), as MQTT 5's Maximum Packet Size counts them (§3.1.2.11.4). The first
/// packet must be a CONNECT (§3.1), and has a bound of its own: it comes before the client is authenticated.
/// </remarks>
public sealed class MqttFrameGuard(int maxConnectBytes, int maxPacketBytes)
{
    // CONNECT, with the flags that MQTT 3.1.1 §2.2.2 and MQTT 5 §2.1.3 reserve as 0.
    private const byte ConnectHeader = 0x10;

    private bool _inBody;
    private bool _inLength;
    private int _lengthBytes;
    private long _length;
    private long _bodyLeft;
    private long _packets;

    /// <summary>Whether a whole CONNECT has passed; until then the connection is unauthenticated.</summary>
    public bool ConnectReceived => Volatile.Read(ref _packets) > 0;

    /// <summary>
    /// Follows <paramref name="data"/>, the next bytes received, and says what is wrong with them, if anything. After a
    /// violation the connection is to be closed: the guard does not resynchronise.
    /// </summary>
    public FrameViolation Inspect(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_inBody)
            {
                var take = (int)Math.Min(_bodyLeft, data.Length - i);
                i += take;
                _bodyLeft -= take;
                if (_bodyLeft == 0)
                {
                    PacketDone();
                }
            }
            else if (_inLength)
            {
                var b = data[i++];
                _length |= (long)(b & 0x7F) << (7 * _lengthBytes);
                _lengthBytes++;
                if (1 + _lengthBytes + _length > Limit)
                {
                    return _packets == 0 ? FrameViolation.ConnectTooLarge : FrameViolation.PacketTooLarge;
                }

                if ((b & 0x80) != 0)
                {
                    if (_lengthBytes == 4)
                    {
                        return FrameViolation.MalformedLength;
                    }

                    continue;
                }

                _inLength = false;
                if (_length == 0)
                {
                    PacketDone();
                }
                else
                {
                    _inBody = true;
                    _bodyLeft = _length;
                }
            }
            else
            {
                if (_packets == 0 && data[i] != ConnectHeader)
                {
                    return FrameViolation.NotConnect;
                }

                i++;
                _inLength = true;
                _lengthBytes = 0;
                _length = 0;
            }
        }

        return FrameViolation.None;
    }

    private int Limit => _packets == 0 ? maxConnectBytes : maxPacketBytes;

    private void PacketDone()
    {
        _inBody = false;
        Volatile.Write(ref _packets, _packets + 1);
    }
}
