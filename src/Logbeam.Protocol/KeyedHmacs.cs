using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Logbeam.Protocol;

/// <summary>
/// Computes HMACs with keyed contexts kept for reuse, in a fixed table of slots chosen by key. A one-shot
/// <see cref="HMACSHA256.HashData(byte[], byte[])"/> sets up a new context and keys it for every call, which costs more
/// than hashing a one-line upload's StringToSign; a kept context is only reset to its keyed state. The table bounds
/// the memory (about a kilobyte a context) whatever the size of the fleet: devices whose keys share a slot take turns,
/// and one that finds the slot taken computes as the one-shot would.
/// </summary>
/// <remarks>
/// Keys are matched by reference: <see cref="DeviceSecret.HmacKeys"/> are made once per secret, so a changed key is a
/// new array and never meets the old key's context. A context is used by one thread at a time: it is taken out of its
/// slot while in use.
/// </remarks>
internal static class KeyedHmacs
{
    private const int Slots = 4096;

    private static readonly Keyed?[] s_slots = new Keyed?[Slots];

    /// <summary>Writes the HMAC of <paramref name="message"/> under <paramref name="key"/>; returns its length.</summary>
    public static int Compute(bool sha1, byte[] key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        ref Keyed? slot = ref s_slots[(RuntimeHelpers.GetHashCode(key) & int.MaxValue) % Slots];
        Keyed? keyed = Interlocked.Exchange(ref slot, null);
        if (keyed is null || !ReferenceEquals(keyed.Key, key) || keyed.Sha1 != sha1)
        {
            keyed?.Hmac.Dispose();
            keyed = new Keyed(key, sha1);
        }

        keyed.Hmac.AppendData(message);
        int length = keyed.Hmac.GetHashAndReset(destination);

        // Another thread may have put a context of its own here meanwhile: one of the two is let go.
        Interlocked.Exchange(ref slot, keyed)?.Hmac.Dispose();
        return length;
    }

    private sealed class Keyed(byte[] key, bool sha1)
    {
        public byte[] Key { get; } = key;

        public bool Sha1 { get; } = sha1;

        public IncrementalHash Hmac { get; } = IncrementalHash.CreateHMAC(sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, key);
    }
}
