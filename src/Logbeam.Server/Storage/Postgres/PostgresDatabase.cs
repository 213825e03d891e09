using Microsoft.Extensions.Options;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one <see cref="NpgsqlDataSource"/> (the connection pool) for the whole node; the
/// schema and the coming days' partitions are brought up to date at start-up (<see cref="InitializeAsync"/>). Every node has its own <see cref="NodeId"/>, so it can tell its own
/// notifications from those of the others.
/// </summary>
public sealed class PostgresDatabase : IStoreInitialization, IDisposable, IAsyncDisposable
{
    public PostgresDatabase(IOptions<StorageOptions> options, ILoggerFactory loggerFactory)
    {
        var connectionString = options.Value.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Storage:ConnectionString is required with Storage:Provider=Postgres; give an Npgsql connection string such as " +
                "'Host=db;Database=logbeam;Username=logbeam;Password=…'.");
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseLoggerFactory(loggerFactory);
        DataSource = builder.Build();
        Location = $"{builder.ConnectionStringBuilder.Host}:{builder.ConnectionStringBuilder.Port}/{builder.ConnectionStringBuilder.Database}";
        Partitions = new PostgresPartitions(DataSource);
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Host, port and database, for the start-up log (never the password).</summary>
    public string Location { get; }

    /// <summary>This process among the nodes sharing the database; notifications carry it.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N")[..12];

    public PostgresPartitions Partitions { get; }

    /// <summary>
    /// Applies the schema steps this database lacks (<see cref="PostgresSchema"/>), then makes today's partition and
    /// the next days'. Safe on several nodes at once.
    /// </summary>
    /// <returns>How many schema steps this node applied.</returns>
    public async Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        var applied = await PostgresSchema.ApplyAsync(DataSource, cancellationToken).ConfigureAwait(false);
        await Partitions.EnsureAheadAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        return applied;
    }

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
