namespace Logbeam.Server.Ingest;

/// <summary>
/// Remembers (device, timestamp, nonce) of accepted requests so that a captured request cannot be sent again. One node
/// alone keeps it in memory (<see cref="NonceCache"/>); nodes sharing a database share it there, so a request replayed
/// to another node is refused too.
/// </summary>
public interface INonceCache
{
    /// <summary>Records the nonce for <paramref name="memory"/>; <c>false</c> when it was seen already and has not expired.</summary>
    ValueTask<bool> TryAddAsync(long deviceId, long timestamp, long nonce, TimeSpan memory, CancellationToken cancellationToken);

    /// <summary>Forgets a nonce whose request was not accepted after all, so the device may retry with it.</summary>
    ValueTask RemoveAsync(long deviceId, long timestamp, long nonce, CancellationToken cancellationToken);
}
