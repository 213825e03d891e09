namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// Follows the record boundaries of what a TLS 1.2 client sends after its handshake, by their plaintext headers, and
/// says when a handshake record comes: after the handshake, that can only be a renegotiation, which is refused.
/// </summary>
public sealed class TlsRecordWatch
{
    private const byte HandshakeRecord = 22;
    private const int HeaderLength = 5;

    private readonly byte[] _header = new byte[HeaderLength];
    private int _headerBytes;
    private int _bodyLeft;

    /// <summary>Follows <paramref name="data"/>; true when a handshake record starts in it.</summary>
    public bool StartsHandshake(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_bodyLeft > 0)
            {
                var take = Math.Min(_bodyLeft, data.Length - i);
                i += take;
                _bodyLeft -= take;
                continue;
            }

            _header[_headerBytes++] = data[i++];
            if (_headerBytes == 1 && _header[0] == HandshakeRecord)
            {
                return true;
            }

            if (_headerBytes == HeaderLength)
            {
                _bodyLeft = (_header[3] << 8) | _header[4];
                _headerBytes = 0;
            }
        }

        return false;
    }
}
