using Logbeam.Server.Storage;

namespace Logbeam.Server.Ingest;

/// <summary>
/// The replay cache of a single node, in memory. An entry lives as long as its timestamp could still pass the window
/// check (the caller says how long), rounded up to the minute.
/// </summary>
/// <remarks>
/// At ten thousand uploads a second it holds millions of entries, so it is built for that: entries are grouped by the
/// minute in which they expire, each group a set of plain (device, timestamp, nonce) values, and a minute that has
/// passed is dropped whole. A lookup checks the live groups (about twenty with the default window); nothing ever walks
/// every entry.
/// </remarks>
public sealed class NonceCache(TimeProvider time) : INonceCache
{
    private const long MinuteMilliseconds = 60_000;

    private readonly Lock _lock = new();

    // Expiry minute (Unix ms / 60,000, rounded up) → the nonces that expire by its end. A plain dictionary: walking
    // its twenty-odd groups allocates nothing, where a sorted one allocates a stack for every walk.
    private readonly Dictionary<long, HashSet<(long DeviceId, long Timestamp, long Nonce)>> _byExpiryMinute = [];

    // Every minute up to this one has been dropped.
    private long _droppedThrough;

    /// <summary>How many nonces are remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                DropExpired(time.GetUtcNow().ToUnixTimeMilliseconds());
                return _byExpiryMinute.Values.Sum(set => set.Count);
            }
        }
    }

    /// <summary>Records the nonce; <c>false</c> when it was seen already and has not expired.</summary>
    public bool TryAdd(long deviceId, long timestamp, long nonce, TimeSpan memory)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var key = (deviceId, timestamp, nonce);
        var expiryMinute = ((now + (long)memory.TotalMilliseconds) / MinuteMilliseconds) + 1;
        lock (_lock)
        {
            DropExpired(now);
            foreach (var seen in _byExpiryMinute.Values)
            {
                if (seen.Contains(key))
                {
                    return false;
                }
            }

            if (!_byExpiryMinute.TryGetValue(expiryMinute, out var group))
            {
                group = [];
                _byExpiryMinute.Add(expiryMinute, group);
            }

            group.Add(key);
            return true;
        }
    }

    public ValueTask<bool> TryAddAsync(long deviceId, long timestamp, long nonce, TimeSpan memory, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryAdd(deviceId, timestamp, nonce, memory));

    public ValueTask RemoveAsync(long deviceId, long timestamp, long nonce, CancellationToken cancellationToken)
    {
        Remove(deviceId, timestamp, nonce);
        return ValueTask.CompletedTask;
    }

    /// <summary>Forgets a nonce whose request was not accepted after all, so the device may retry with it.</summary>
    public void Remove(long deviceId, long timestamp, long nonce)
    {
        lock (_lock)
        {
            foreach (var seen in _byExpiryMinute.Values)
            {
                if (seen.Remove((deviceId, timestamp, nonce)))
                {
                    return;
                }
            }
        }
    }

    // A group expires when its minute has ended; the groups are looked at once a minute.
    private void DropExpired(long now)
    {
        var ended = now / MinuteMilliseconds;
        if (ended <= _droppedThrough)
        {
            return;
        }

        _droppedThrough = ended;
        foreach (var minute in _byExpiryMinute.Keys)
        {
            if (minute <= ended)
            {
                _byExpiryMinute.Remove(minute);
            }
        }
    }
}
