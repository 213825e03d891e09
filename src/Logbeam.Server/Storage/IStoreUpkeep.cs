namespace Logbeam.Server.Storage;

/// <summary>Periodic work a store needs besides retention (partitions ahead, expired nonces).</summary>
public interface IStoreUpkeep
{
    Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
