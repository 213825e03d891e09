using System.Buffers.Binary;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// Reads just enough of a TLS ClientHello to choose the handshake: a client that offers a pre-shared-key suite holds a
/// device key (Tencent's C SDK offers nothing else); any other is served a certificate.
/// </summary>
public static class ClientHello
{
    /// <summary>The TLS record header: content type, version, length.</summary>
    public const int RecordHeaderLength = 5;

    /// <summary>The largest record a ClientHello may come in (RFC 5246 §6.2.1: 2^14 bytes of plaintext).</summary>
    public const int MaxRecordLength = 16 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;

    /// <summary>The length of the record that <paramref name="header"/> starts, or -1 when it is not a TLS handshake record.</summary>
    public static int RecordLength(ReadOnlySpan<byte> header)
    {
        if (header.Length < RecordHeaderLength || header[0] != HandshakeRecord || header[1] != 3)
        {
            return -1;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header[3..]);
        return length is > 0 and <= MaxRecordLength ? length : -1;
    }

    /// <summary>
    /// Whether the ClientHello in <paramref name="record"/> (the record's body) offers one of <paramref name="suites"/>;
    /// false for anything that is not a well-formed ClientHello up to its cipher suites.
    /// </summary>
    public static bool OffersAny(ReadOnlySpan<byte> record, ReadOnlySpan<int> suites)
    {
        // handshake type (1), length (3), client version (2), random (32), session id (1 + n), cipher suites (2 + 2n)
        if (record.Length < 4 + 2 + 32 + 1 || record[0] != ClientHelloMessage)
        {
            return false;
        }

        var at = 4 + 2 + 32;
        at += 1 + record[at];
        if (record.Length < at + 2)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(record[at..]);
        at += 2;
        if (length % 2 != 0 || record.Length < at + length)
        {
            return false;
        }

        for (var i = at; i < at + length; i += 2)
        {
            if (suites.Contains(BinaryPrimitives.ReadUInt16BigEndian(record[i..])))
            {
                return true;
            }
        }

        return false;
    }
}
