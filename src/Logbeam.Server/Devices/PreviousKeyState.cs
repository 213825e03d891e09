using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>
/// A device's previous key as the upload and connect paths check it: its parsed secret, until when it is accepted, and
/// when it was last used. The last use is kept here, in memory, and written to the store in batches
/// (<see cref="DeviceRegistry.FlushPreviousKeyUseAsync"/>), never once per upload.
/// </summary>
public sealed class PreviousKeyState(DeviceSecret secret, DateTimeOffset expiresAt, DateTimeOffset? lastUsedAt)
{
    private long _lastUsedMs = lastUsedAt?.ToUnixTimeMilliseconds() ?? 0;
    private long _flushedMs = lastUsedAt?.ToUnixTimeMilliseconds() ?? 0;

    public DeviceSecret Secret { get; } = secret;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public DateTimeOffset? LastUsedAt => Volatile.Read(ref _lastUsedMs) is var ms and > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>Whether the key is still accepted at <paramref name="now"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>Records a successful authentication with this key; concurrent callers keep the latest time.</summary>
    public void MarkUsed(DateTimeOffset now)
    {
        long ms = now.ToUnixTimeMilliseconds();
        long seen = Volatile.Read(ref _lastUsedMs);
        while (ms > seen)
        {
            long prior = Interlocked.CompareExchange(ref _lastUsedMs, ms, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    /// <summary>The last use not yet written to the store, if any.</summary>
    internal bool TryGetUnflushed(out long lastUsedMs)
    {
        lastUsedMs = Volatile.Read(ref _lastUsedMs);
        return lastUsedMs > Volatile.Read(ref _flushedMs);
    }

    /// <summary>Marks a last use as written, after the store took it.</summary>
    internal void MarkFlushed(long lastUsedMs)
    {
        if (lastUsedMs > Volatile.Read(ref _flushedMs))
        {
            Volatile.Write(ref _flushedMs, lastUsedMs);
        }
    }

    /// <summary>A copy for the same key with another expiry, keeping what is known of its use.</summary>
    internal PreviousKeyState WithExpiry(DateTimeOffset expiresAt, DateTimeOffset? storedLastUse)
    {
        var copy = new PreviousKeyState(Secret, expiresAt, Later(LastUsedAt, storedLastUse));
        copy._flushedMs = Math.Max(Volatile.Read(ref _flushedMs), storedLastUse?.ToUnixTimeMilliseconds() ?? 0);
        return copy;
    }

    internal static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a >= b ? a : b;
}
