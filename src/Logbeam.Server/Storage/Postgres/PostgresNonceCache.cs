using System.Collections.Concurrent;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The replay cache shared by every node: a row per accepted (device, timestamp, nonce), unique by its primary key,
/// with an expiry. An expired row is taken over by the same insert; the hourly upkeep deletes the rest.
/// </summary>
/// <remarks>
/// Every upload claims its nonce before it is queued for the writer, so this is one statement per request. Claims that
/// wait at the same time go to the database together — one insert, one commit, as the writer's group commit does for
/// lines — because a transaction per request cost the database more CPU than the lines of a 50-line upload.
/// </remarks>
public sealed class PostgresNonceCache(PostgresDatabase database, TimeProvider time) : INonceCache
{
    // Claims per round trip: enough for any burst of uploads to go in one insert, few enough that one insert stays short.
    private const int MaxClaimsPerCommit = 1000;

    private readonly ConcurrentQueue<Claim> _waiting = new();
    private int _claiming;

    public ValueTask<bool> TryAddAsync(long deviceId, long timestamp, long nonce, TimeSpan memory, CancellationToken cancellationToken)
    {
        var claim = new Claim((deviceId, timestamp, nonce), (time.GetUtcNow() + memory).ToUniversalTime());
        _waiting.Enqueue(claim);
        if (Interlocked.CompareExchange(ref _claiming, 1, 0) == 0)
        {
            _ = Task.Run(ClaimWaitingAsync, CancellationToken.None);
        }

        return new ValueTask<bool>(claim.Claimed.Task.WaitAsync(cancellationToken));
    }

    public async ValueTask RemoveAsync(long deviceId, long timestamp, long nonce, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM nonces WHERE device_id = @device AND ts = @ts AND nonce = @nonce");
        command.Parameters.AddWithValue("device", deviceId);
        command.Parameters.AddWithValue("ts", timestamp);
        command.Parameters.AddWithValue("nonce", nonce);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the expired rows; any node may do it, any number of times.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM nonces WHERE expires_at <= @now");
        command.Parameters.AddWithValue("now", time.GetUtcNow().ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs while claims are waiting; one at a time per node, started by the claim that finds none running.</summary>
    private async Task ClaimWaitingAsync()
    {
        var claims = new List<Claim>();
        while (true)
        {
            claims.Clear();
            while (claims.Count < MaxClaimsPerCommit && _waiting.TryDequeue(out var claim))
            {
                claims.Add(claim);
            }

            if (claims.Count == 0)
            {
                Volatile.Write(ref _claiming, 0);

                // A claim queued between the last look and the line above found this loop still running: look again.
                if (_waiting.IsEmpty || Interlocked.CompareExchange(ref _claiming, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                await InsertAsync(claims).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Every request of the group gets the failure, as it would have from an insert of its own.
                foreach (var claim in claims)
                {
                    claim.Claimed.TrySetException(ex);
                }
            }
        }
    }

    private async Task InsertAsync(List<Claim> claims)
    {
        // The same nonce twice in one statement: the first claims it (or finds it taken), the second is a replay of it.
        // Keys go in in one order on every node, so two nodes inserting overlapping claims wait for each other, never deadlock.
        var unique = new SortedDictionary<(long Device, long Ts, long Nonce), Claim>();
        foreach (var claim in claims)
        {
            if (!unique.TryAdd(claim.Key, claim))
            {
                claim.Claimed.TrySetResult(false);
            }
        }

        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO nonces(device_id, ts, nonce, expires_at) SELECT * FROM unnest(@devices, @ts, @nonces, @expires) " +
            "ON CONFLICT (device_id, ts, nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at <= @now " +
            "RETURNING device_id, ts, nonce");
        command.Parameters.AddWithValue("devices", unique.Keys.Select(k => k.Device).ToArray());
        command.Parameters.AddWithValue("ts", unique.Keys.Select(k => k.Ts).ToArray());
        command.Parameters.AddWithValue("nonces", unique.Keys.Select(k => k.Nonce).ToArray());
        command.Parameters.AddWithValue("expires", unique.Values.Select(c => c.ExpiresAt).ToArray());
        command.Parameters.AddWithValue("now", time.GetUtcNow().ToUniversalTime());
        var claimed = new HashSet<(long, long, long)>();
        await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                claimed.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        foreach (var (key, claim) in unique)
        {
            claim.Claimed.TrySetResult(claimed.Contains(key));
        }
    }

    private sealed class Claim((long Device, long Ts, long Nonce) key, DateTimeOffset expiresAt)
    {
        public (long Device, long Ts, long Nonce) Key { get; } = key;

        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public TaskCompletionSource<bool> Claimed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
