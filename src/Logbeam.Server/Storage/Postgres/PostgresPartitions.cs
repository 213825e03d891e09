using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The day partitions of <c>lines</c> (UTC days, named <c>lines_yyyyMMdd</c>): made ahead of time, made on demand for a
/// day nobody made yet, and dropped whole when they fall out of retention. Creation and dropping run under an
/// advisory lock so that nodes doing the same at the same time do not trip over each other.
/// </summary>
public sealed class PostgresPartitions(NpgsqlDataSource dataSource)
{
    /// <summary>How many days after today exist before they are needed.</summary>
    public const int DaysAhead = 3;

    // How long dropping a day waits for the exclusive lock on lines; past it the drop fails and the next hour tries again.
    private const string DropLockTimeout = "10s";

    private readonly ConcurrentDictionary<DateOnly, bool> _known = new();

    public static string NameOf(DateOnly day) => "lines_" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>Makes today's partition and the next <see cref="DaysAhead"/> days'.</summary>
    public async Task EnsureAheadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DayOf(now);
        for (var day = today; day <= today.AddDays(DaysAhead); day = day.AddDays(1))
        {
            await EnsureAsync(day, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes sure the partition for <paramref name="day"/> exists; remembered, so the usual case costs nothing.</summary>
    public async Task EnsureAsync(DateOnly day, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(day))
        {
            return;
        }

        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock({PostgresSchema.PartitionLock}); " +
            $"CREATE TABLE IF NOT EXISTS {NameOf(day)} PARTITION OF lines FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00')",
            connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _known[day] = true;
    }

    /// <summary>Forgets what was made, after an insert found a partition missing (another node dropped it).</summary>
    public void Forget() => _known.Clear();

    /// <summary>The days that have a partition, oldest first.</summary>
    public async Task<IReadOnlyList<DateOnly>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid " +
            "WHERE i.inhparent = 'lines'::regclass ORDER BY c.relname");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var days = new List<DateOnly>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (DateOnly.TryParseExact(reader.GetString(0)["lines_".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>Drops every partition of a day before <paramref name="firstKept"/>.</summary>
    /// <returns>The days this node dropped, and how many lines they held.</returns>
    public async Task<(IReadOnlyList<DateOnly> Days, long Lines)> DropBeforeAsync(DateOnly firstKept, CancellationToken cancellationToken)
    {
        var dropped = new List<DateOnly>();
        long lines = 0;
        foreach (var day in await ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (day >= firstKept)
            {
                break;
            }

            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Dropping takes an exclusive lock on the parent for a moment: never queue behind a long query for it. The lines
            // are counted first, under the same advisory lock, so that retention reports lines as SQLite's does; a node
            // that finds the day already gone counts none. Lines go into the day they are received, so nothing is written
            // into a day old enough to drop between the count and the drop.
            await using var command = new NpgsqlCommand(
                $"SELECT pg_advisory_xact_lock({PostgresSchema.PartitionLock}); SET LOCAL lock_timeout = '{DropLockTimeout}'",
                connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.CommandText = $"SELECT to_regclass('{NameOf(day)}') IS NOT NULL";
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                command.CommandText = $"SELECT count(*) FROM {NameOf(day)}";
                lines += (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                command.CommandText = $"DROP TABLE {NameOf(day)}";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                dropped.Add(day);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _known.TryRemove(day, out _);
        }

        return (dropped, lines);
    }
}
