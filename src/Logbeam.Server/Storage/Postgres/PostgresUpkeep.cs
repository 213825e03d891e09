namespace Logbeam.Server.Storage.Postgres;

/// <summary>The hourly PostgreSQL chores: the coming days' partitions, and the expired replay-cache rows.</summary>
internal sealed class PostgresUpkeep(PostgresDatabase database, PostgresNonceCache nonces) : IStoreUpkeep
{
    public async Task RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await database.Partitions.EnsureAheadAsync(now, cancellationToken).ConfigureAwait(false);
        await nonces.SweepAsync(cancellationToken).ConfigureAwait(false);
    }
}
