using System.Collections.Concurrent;

namespace Logbeam.Server.Ingest;

/// <summary>
/// The replay cache of a single node, in memory. An entry lives as long as its timestamp could still pass the window check.
/// </summary>
public sealed class NonceCache(TimeProvider time) : INonceCache
{
    private readonly ConcurrentDictionary<(long DeviceId, long Timestamp, long Nonce), long> _seen = new();
    private long _nextSweep;

    /// <summary>Records the nonce; <c>false</c> when it was seen already and has not expired.</summary>
    public bool TryAdd(long deviceId, long timestamp, long nonce, TimeSpan memory)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        SweepIfDue(now);
        var expires = now + (long)memory.TotalMilliseconds;
        while (true)
        {
            if (_seen.TryAdd((deviceId, timestamp, nonce), expires))
            {
                return true;
            }

            if (!_seen.TryGetValue((deviceId, timestamp, nonce), out var until) || until > now)
            {
                return false;
            }

            // An expired entry the sweep has not reached yet: replace it.
            if (_seen.TryUpdate((deviceId, timestamp, nonce), expires, until))
            {
                return true;
            }
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
    public void Remove(long deviceId, long timestamp, long nonce) => _seen.TryRemove((deviceId, timestamp, nonce), out _);

    private void SweepIfDue(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + 10_000, due) != due)
        {
            return;
        }

        foreach (var entry in _seen)
        {
            if (entry.Value <= now)
            {
                _seen.TryRemove(entry);
            }
        }
    }
}
