using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Logbeam.Server.Ingest;

/// <summary>
/// The <c>RequestId</c> of each answer, in the GUID form the SDKs expect: a random prefix drawn once per process and a
/// counter. Unique across processes and nodes as random GUIDs are, without a trip to the system's random source for
/// every upload (which cost a few percent of the CPU of one-line uploads). It only names a request; nothing relies on
/// it being unguessable.
/// </summary>
internal static class RequestIds
{
    private static readonly long Prefix = BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    private static long s_counter = BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, Prefix);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], Interlocked.Increment(ref s_counter));
        return new Guid(bytes).ToString();
    }
}
