using Microsoft.Extensions.Options;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: one <see cref="NpgsqlDataSource"/> (the connection pool) for the whole node, and the
/// schema brought up to date at start-up. Every node has its own <see cref="NodeId"/>, so it can tell its own
/// notifications from those of the others.
/// </summary>
public sealed class PostgresDatabase : IDisposable, IAsyncDisposable
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
        PostgresSchema.Apply(DataSource);
        Partitions = new PostgresPartitions(DataSource);
        Partitions.EnsureAheadAsync(DateTimeOffset.UtcNow, CancellationToken.None).GetAwaiter().GetResult();
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Host, port and database, for the start-up log (never the password).</summary>
    public string Location { get; }

    /// <summary>This process among the nodes sharing the database; notifications carry it.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N")[..12];

    public PostgresPartitions Partitions { get; }

    public void Dispose() => DataSource.Dispose();

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
