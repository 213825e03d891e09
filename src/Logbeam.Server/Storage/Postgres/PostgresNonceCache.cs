using Logbeam.Server.Ingest;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The replay cache shared by every node: a row per accepted (device, timestamp, nonce), unique by its primary key,
/// with an expiry. An expired row is taken over by the same insert; the hourly upkeep deletes the rest.
/// </summary>
public sealed class PostgresNonceCache(PostgresDatabase database, TimeProvider time) : INonceCache
{
    public async ValueTask<bool> TryAddAsync(long deviceId, long timestamp, long nonce, TimeSpan memory, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = database.DataSource.CreateCommand(
            "INSERT INTO nonces(device_id, ts, nonce, expires_at) VALUES(@device, @ts, @nonce, @expires) " +
            "ON CONFLICT (device_id, ts, nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at <= @now");
        command.Parameters.AddWithValue("device", deviceId);
        command.Parameters.AddWithValue("ts", timestamp);
        command.Parameters.AddWithValue("nonce", nonce);
        command.Parameters.AddWithValue("expires", (now + memory).ToUniversalTime());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
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
}
