namespace Logbeam.Server.Storage;

/// <summary>
/// Remembers (device, timestamp, nonce) of accepted requests so that a captured request cannot be sent again. One node
/// alone keeps it in memory (Ingest's default, <c>NonceCache</c>); nodes sharing a database share it there
/// (<see cref="Postgres.PostgresNonceCache"/>), so a request replayed to another node is refused too. It lives with the
/// stores, which Ingest uses, so that Storage never depends on Ingest.
/// </summary>
public interface INonceCache
{
    /// <summary>Records the nonce for <paramref name="memory"/>; <c>false</c> when it was seen already and has not expired.</summary>
    ValueTask<bool> TryAddAsync(long deviceId, long timestamp, long nonce, TimeSpan memory, CancellationToken cancellationToken);

    /// <summary>Forgets a nonce whose request was not accepted after all, so the device may retry with it.</summary>
    ValueTask RemoveAsync(long deviceId, long timestamp, long nonce, CancellationToken cancellationToken);
}
