namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// Retention on PostgreSQL: a day's partition is dropped whole once all of it is older than the cutoff, which costs
/// the same for a day of ten lines or ten million and leaves no dead rows to vacuum.
/// </summary>
public sealed class PostgresRetention(PostgresDatabase database, ILogger<PostgresRetention> logger) : ILogRetention
{
    public async Task<long> RemoveBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var firstKept = PostgresPartitions.DayOf(cutoff);
        var (days, lines) = await database.Partitions.DropBeforeAsync(firstKept, cancellationToken).ConfigureAwait(false);
        if (days.Count > 0)
        {
            StorageLog.PartitionsDropped(logger, days.Count, firstKept);
        }

        // Batch ids older than the lines they kept from being stored twice are no longer worth remembering.
        // So are the line ranges those uploads carried.
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM batches WHERE received_at < @cutoff; DELETE FROM line_ranges WHERE received_at < @cutoff");
        command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return lines;
    }
}
