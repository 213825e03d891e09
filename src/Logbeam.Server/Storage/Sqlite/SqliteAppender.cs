using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The write side: one connection, statements prepared once, one transaction per group commit.
/// The per-row inserts go through SQLitePCL's raw API on the same connection and transaction, binding by index:
/// Microsoft.Data.Sqlite binds every parameter by name on every execution (a UTF-8 conversion and a lookup each),
/// which cost more than SQLite's own insert work (bench/results/ingest.md).
/// </summary>
internal sealed class SqliteAppender : IDisposable
{
    // A commit of a few thousand lines dirties a few MB of pages; checkpointing every 1000 pages (the default) would
    // copy them back into the database file on almost every commit. 10,000 pages (40 MB of WAL) does it a few times
    // less often, which bought about a fifth more lines per second.
    private const int WalAutoCheckpointPages = 10_000;

    // The writer mostly appends: it touches the newest pages of lines, requests and ix_lines_received, and the paths
    // down to them (the device index is kept by the indexer, SqliteLineIndexer); only an upload with a batch id writes
    // into its device's page of ux_requests_batch. A larger cache costs at every commit: SQLite walks the whole cache
    // to drop pages past the end of the file. 2 MiB served about a sixth more one-line uploads per second than 8 MiB
    // (3 runs each, bench/results/ingest.md).
    private const int CacheKibibytes = 2_048;

    private const int SqliteDone = 101;

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insertRequest;
    private readonly sqlite3_stmt _insertLine;
    private sqlite3_stmt? _insertRange; // prepared at the first upload that says where its lines stand
    private readonly string? _walToSync;
    private WalSync? _walSync;

    private SqliteTransaction? _transaction;
    private int _written;
    private long _lastLineInTransaction;

    /// <param name="connection">The writer's connection, opened with the configured <c>synchronous</c> mode.</param>
    /// <param name="walToSync">
    /// The write-ahead log to sync behind the commits (<see cref="WalSync"/>), when the mode is <c>FULL</c>; null to
    /// leave every sync to SQLite.
    /// </param>
    public SqliteAppender(SqliteConnection connection, string? walToSync)
    {
        _connection = connection;
        _walToSync = walToSync;
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA wal_autocheckpoint={WalAutoCheckpointPages}; PRAGMA cache_size=-{CacheKibibytes};";
            pragma.ExecuteNonQuery();
        }

        // Not RETURNING id: SQLite gathers a RETURNING statement's rows in a table of their own before the first is
        // read, which made a one-line upload's rows cost half as much again. The row's id and whether it was inserted
        // come from the connection instead (InsertRequest).
        _insertRequest = PrepareRaw(
            "INSERT INTO requests(request_id, device_id, received_at, batch_id) VALUES(?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
        _insertLine = PrepareRaw(
            "INSERT INTO lines(device_id, request, level, device_time, received_at, tag, text) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    }

    /// <summary>The id of the newest line this appender committed; 0 before its first.</summary>
    public long LastCommittedLineId { get; private set; }

    /// <summary>Begins a transaction on the connection; the raw statements share it.</summary>
    public void Begin()
    {
        _transaction = _connection.BeginTransaction();
        _written = 0;
    }

    /// <summary>Inserts one upload's request row and lines, unless the device committed its batch id before.</summary>
    public void Add(LogBatch batch)
    {
        var receivedAt = batch.ReceivedAt.ToUnixTimeMilliseconds();
        if (InsertRequest(batch, receivedAt) is not { } requestRow)
        {
            return; // this device committed this batch id before: exactly once
        }

        foreach (var line in batch.Lines)
        {
            InsertLine(batch.DeviceId, requestRow, receivedAt, line);
        }

        if (batch.Lines.Count > 0)
        {
            _lastLineInTransaction = raw.sqlite3_last_insert_rowid(_connection.Handle);
        }

        if (batch.Origin is { } origin)
        {
            InsertRange(batch.DeviceId, origin, batch.Lines.Count, receivedAt);
        }

        _written += batch.Lines.Count;
    }

    /// <summary>Commits; the full-text index follows on its own (<see cref="SqliteLineIndexer"/>).</summary>
    public LogCommit Commit()
    {
        var transaction = _transaction ?? throw new InvalidOperationException("No transaction to commit.");
        transaction.Commit();
        LastCommittedLineId = Math.Max(LastCommittedLineId, _lastLineInTransaction);
        transaction.Dispose();
        _transaction = null;
        if (_walSync is not null)
        {
            return new LogCommit(_written, _walSync.AfterNextSync());
        }

        if (_walToSync is not null)
        {
            // This connection's first commit ran as FULL, so SQLite synced the log itself, and the folder's entry
            // for it too when this connection created it. From here on a commit only writes the log.
            using var pragma = _connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
            _walSync = WalSync.ForFile(_walToSync);
        }

        return LogCommit.AlreadyDurable(_written);
    }

    /// <summary>Discards an open transaction, if any.</summary>
    public void Rollback()
    {
        _transaction?.Dispose(); // rolls back when not committed
        _transaction = null;
    }

    /// <summary>Rolls back what is open; the commits made are synced before the log is let go.</summary>
    public void Dispose()
    {
        Rollback();
        _walSync?.Dispose();
        _insertRequest.Dispose();
        _insertLine.Dispose();
        _insertRange?.Dispose();
        _connection.Dispose();
    }

    private long? InsertRequest(LogBatch batch, long receivedAt)
    {
        var statement = _insertRequest;
        try
        {
            Check(raw.sqlite3_bind_text16(statement, 1, batch.RequestId.AsSpan()));
            Check(raw.sqlite3_bind_int64(statement, 2, batch.DeviceId));
            Check(raw.sqlite3_bind_int64(statement, 3, receivedAt));
            Check(batch.BatchId is null ? raw.sqlite3_bind_null(statement, 4) : BindText(statement, 4, batch.BatchId));
            var rc = raw.sqlite3_step(statement);
            if (rc != SqliteDone)
            {
                Check(rc);
            }

            // No row changed: the device's batch id is taken. Otherwise the new row's id is the connection's last.
            var db = _connection.Handle;
            return raw.sqlite3_changes(db) == 0 ? null : raw.sqlite3_last_insert_rowid(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void InsertLine(long deviceId, long requestRow, long receivedAt, in Protocol.LogLine line)
    {
        var statement = _insertLine;
        try
        {
            Check(raw.sqlite3_bind_int64(statement, 1, deviceId));
            Check(raw.sqlite3_bind_int64(statement, 2, requestRow));
            Check(raw.sqlite3_bind_int(statement, 3, (int)line.Level));
            Check(line.DeviceTime is { } deviceTime
                ? raw.sqlite3_bind_int64(statement, 4, new DateTimeOffset(DateTime.SpecifyKind(deviceTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds())
                : raw.sqlite3_bind_null(statement, 4));
            Check(raw.sqlite3_bind_int64(statement, 5, receivedAt));
            Check(line.Tag is null ? raw.sqlite3_bind_null(statement, 6) : BindText(statement, 6, line.Tag));
            Check(BindText(statement, 7, line.Content));
            var rc = raw.sqlite3_step(statement);
            if (rc != SqliteDone)
            {
                Check(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void InsertRange(long deviceId, Protocol.UploadOrigin origin, int lines, long receivedAt)
    {
        var statement = _insertRange ??= PrepareRaw(
            "INSERT INTO line_ranges(device_id, boot_id, first_line, lines, received_at, dropped_buffer, dropped_spool, dropped_shutdown) " +
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        try
        {
            Check(raw.sqlite3_bind_int64(statement, 1, deviceId));
            Check(BindText(statement, 2, origin.BootId));
            Check(raw.sqlite3_bind_int64(statement, 3, origin.FirstLine));
            Check(raw.sqlite3_bind_int(statement, 4, lines));
            Check(raw.sqlite3_bind_int64(statement, 5, receivedAt));
            Check(raw.sqlite3_bind_int64(statement, 6, origin.DroppedBufferFull));
            Check(raw.sqlite3_bind_int64(statement, 7, origin.DroppedSpoolFull));
            Check(raw.sqlite3_bind_int64(statement, 8, origin.DroppedShutdown));
            var rc = raw.sqlite3_step(statement);
            if (rc != SqliteDone)
            {
                Check(rc);
            }
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    // An empty span has no address, and SQLite binds a null pointer as NULL, not as ''.
    private static int BindText(sqlite3_stmt statement, int index, string text) =>
        text.Length == 0 ? raw.sqlite3_bind_text(statement, index, string.Empty) : raw.sqlite3_bind_text16(statement, index, StoredText.WithoutNul(text).AsSpan());

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            throw new SqliteException($"SQLite error {rc}.", rc);
        }
    }

    private sqlite3_stmt PrepareRaw(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        }

        return statement ?? throw new SqliteException($"SQLite could not prepare: {sql}", rc);
    }
}
