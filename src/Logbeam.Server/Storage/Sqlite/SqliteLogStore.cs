using Logbeam.Protocol;
using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// <see cref="ILogStore"/> on the SQLite file. Appends share one connection and its prepared statements; the
/// full-text index follows the commits in a file of its own (<see cref="SqliteLineIndexer"/>).
/// </summary>
public sealed class SqliteLogStore : ILogStore, IStoreInitialization, IDisposable
{
    // How long a text search waits for the index to reach the lines committed before it; longer only while a whole
    // database is being indexed again (after an upgrade, or the index file deleted), when it answers from what is done.
    private static readonly TimeSpan TextIndexPatience = TimeSpan.FromSeconds(2);

    // How far the full-text index may fall behind the commits before a new group commit waits for it, and for how
    // long at most. Without it, ingest faster than indexing would leave searches ever further behind; with it, ingest
    // runs at the pace both keep. Not while the index is rebuilding a whole database, nor while it fails.
    private const long MaxTextIndexLagLines = 50_000;

    private readonly SqliteDatabase _database;
    private readonly SqliteLineIndexer _textIndex;
    private readonly SemaphoreSlim _appendLock = new(1, 1);
    private SqliteAppender? _appender;

    public SqliteLogStore(SqliteDatabase database, ILogger<SqliteLogStore>? logger = null)
        : this(database, logger, textIndexGatherTime: null)
    {
    }

    /// <param name="textIndexGatherTime">How long commits gather before they are indexed (tests); null for the default.</param>
    internal SqliteLogStore(SqliteDatabase database, ILogger<SqliteLogStore>? logger, TimeSpan? textIndexGatherTime)
    {
        _database = database;
        _textIndex = new SqliteLineIndexer(database, logger, textIndexGatherTime);
    }

    /// <summary>Starts the indexer, which catches up with the lines committed before the start (after the database's initialization).</summary>
    public Task<int> InitializeAsync(CancellationToken cancellationToken)
    {
        _textIndex.Start();
        return Task.FromResult(0);
    }

    /// <summary>How long a group commit waits at most for an index more than 50,000 lines behind (above).</summary>
    internal TimeSpan TextIndexLagPatience { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The id of the last line the full-text index holds.</summary>
    internal long TextIndexedUpTo => _textIndex.IndexedUpTo;

    public async Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken)
    {
        await using var append = await BeginAppendAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in batches)
        {
            await append.AddAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        var commit = await append.CommitAsync(cancellationToken).ConfigureAwait(false);
        await commit.Durable.ConfigureAwait(false);
        return commit.Lines;
    }

    /// <summary>Rows are inserted as batches are added; the commit indexes their text and syncs the file.</summary>
    public async Task<ILogAppendTransaction> BeginAppendAsync(CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _appender ??= new SqliteAppender(_database.Open(), _database.WalToSync);
            var committed = _appender.LastCommittedLineId;
            if (committed - _textIndex.IndexedUpTo > MaxTextIndexLagLines && _textIndex.Following)
            {
                await _textIndex.WaitForAsync(committed - MaxTextIndexLagLines, TextIndexLagPatience, cancellationToken).ConfigureAwait(false);
            }

            Guarded(static appender => appender.Begin());
            return new AppendTransaction(this);
        }
        catch
        {
            _appendLock.Release();
            throw;
        }
    }

    public async Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (query.Text is not null)
        {
            await ReadyForTextAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<long>? deviceIds = null;
        if (query.ProductId is not null && query.DeviceName is not null)
        {
            deviceIds = SqliteLogQuery.ResolveDevices(connection, query.ProductId, query.DeviceName);
            if (deviceIds.Count == 0)
            {
                return [];
            }
        }

        var records = new List<LogRecord>(LogQuery.PreallocatedRecords(query.Limit));
        if (deviceIds is null || query.Text is not null)
        {
            await ReadAsync(connection, null, query, deviceIds, DeviceLines.Indexed, 0, records, cancellationToken).ConfigureAwait(false);
            return records;
        }

        // A device's lines are in the device index up to its mark, and past it only among the newest lines: one
        // snapshot of both files, and the part nearer the start of the order first.
        _database.AttachIndexFile(connection);
        await using var transaction = connection.BeginTransaction(deferred: true); // a read: never the write lock
        long upTo;
        await using (var mark = connection.CreateCommand())
        {
            mark.Transaction = transaction;
            mark.CommandText = "SELECT upto FROM fts.indexed";
            upTo = (long)(await mark.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var ascending = query.AfterId is not null;
        foreach (var part in ascending ? [DeviceLines.Indexed, DeviceLines.PastTheMark] : new[] { DeviceLines.PastTheMark, DeviceLines.Indexed })
        {
            var left = query.Limit - records.Count;
            if (left > 0)
            {
                await ReadAsync(connection, transaction, query with { Limit = left }, deviceIds, part, upTo, records, cancellationToken).ConfigureAwait(false);
            }
        }

        return records;
    }

    public async Task<IReadOnlyList<MinuteLevelCount>> CountPerMinuteAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        SqliteLogStats.BindPerMinute(command, productId, since, until);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<MinuteLevelCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new MinuteLevelCount(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0) * MinuteLevelCount.MillisecondsPerMinute), (DeviceLogLevel)reader.GetInt32(1), reader.GetInt64(2)));
        }

        return counts;
    }

    public async Task<IReadOnlyList<DeviceLevelCount>> CountPerDeviceAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        SqliteLogStats.BindPerDevice(command, productId, since, until);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<DeviceLevelCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new DeviceLevelCount(reader.GetString(0), (DeviceLogLevel)reader.GetInt32(1), reader.GetInt64(2)));
        }

        // SQLite's BINARY collation is byte order, which is ordinal order for UTF-8 only up to surrogates: sort here to keep the promise.
        counts.Sort((a, b) => a.DeviceName != b.DeviceName ? string.CompareOrdinal(a.DeviceName, b.DeviceName) : a.Level.CompareTo(b.Level));
        return counts;
    }

    private static async Task ReadAsync(
        SqliteConnection connection, SqliteTransaction? transaction, LogQuery query, IReadOnlyList<long>? deviceIds, DeviceLines part, long indexedUpTo,
        List<LogRecord> records, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        SqliteLogQuery.Bind(command, query, deviceIds, part, indexedUpTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(SqliteLogQuery.Read(reader));
        }
    }

    public void Dispose()
    {
        _textIndex.Dispose();
        _appender?.Dispose();
        _appender = null;
        _appendLock.Dispose();
    }

    // A search sees every line committed before it: it waits for the index to reach them (a group commit behind
    // under load, nothing at rest).
    private async Task ReadyForTextAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        _database.AttachIndexFile(connection);
        await using var newest = connection.CreateCommand();
        newest.CommandText = "SELECT coalesce(max(id), 0) FROM lines";
        var lineId = (long)(await newest.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await _textIndex.WaitForAsync(lineId, TextIndexPatience, cancellationToken).ConfigureAwait(false);
    }

    // A failure may leave the connection mid-transaction: the next group starts over with a fresh one.
    private T Guarded<T>(Func<SqliteAppender, T> action)
    {
        try
        {
            return action(_appender!);
        }
        catch
        {
            _appender!.Dispose();
            _appender = null;
            throw;
        }
    }

    private void Guarded(Action<SqliteAppender> action) => Guarded(appender =>
    {
        action(appender);
        return 0;
    });

    /// <summary>The open transaction of the append connection; it holds the append lock until disposed.</summary>
    private sealed class AppendTransaction(SqliteLogStore store) : ILogAppendTransaction
    {
        private bool _done;

        public ValueTask AddAsync(LogBatch batch, CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            store.Guarded(appender => appender.Add(batch));
            return ValueTask.CompletedTask;
        }

        public Task<LogCommit> CommitAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_done, this);
            var commit = store.Guarded(static appender => appender.Commit());
            var newest = store._appender!.LastCommittedLineId;
            Finish();
            store._textIndex.Committed(newest);
            return Task.FromResult(commit);
        }

        public ValueTask DisposeAsync()
        {
            if (!_done)
            {
                store._appender?.Rollback();
                Finish();
            }

            return ValueTask.CompletedTask;
        }

        private void Finish()
        {
            _done = true;
            store._appendLock.Release();
        }
    }
}
