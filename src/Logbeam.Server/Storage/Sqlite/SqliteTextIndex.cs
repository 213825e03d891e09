using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The indexes of the lines that the writer does not keep: the full-text index (<c>lines_fts</c>) and the device index
/// (<c>device_lines</c>), kept in a file of their own (<c>logbeam-fts.db</c>) by a thread of its own.
/// </summary>
/// <remarks>
/// <para>
/// SQLite lets one writer at a time into a file, and indexing the text was most of a group commit's work
/// (bench/results/ingest.md). With the index in a second file, the writer commits rows while this thread indexes the
/// previous group on the other core. The index is derived data: lines are durable, and acknowledged, without it.
/// </para>
/// <para>
/// The device index is here for the same reason. Each upload's line goes into its device's own leaf page of a device
/// index, so with one-line uploads from many devices every upload dirtied a page of its own, which the commit wrote to
/// the log whole. Here, one step writes each device's page once for all the lines the device sent since the last step.
/// A device's lines past the mark are read from the lines themselves, a walk over the newest ids
/// (<see cref="SqliteLogStore"/>).
/// </para>
/// <para>
/// It follows the lines by id: each step indexes the next lines after <c>indexed.upto</c> and moves the mark in the
/// same transaction, so after a crash it resumes where its last commit left it; deleting the file re-indexes
/// everything. Line ids only grow with commit order (one writer), so a line is never passed over. Retention removes
/// the entries of the lines it deletes (<see cref="SqliteRetention"/>).
/// </para>
/// </remarks>
internal sealed class SqliteTextIndex : IDisposable
{
    /// <summary>The most lines one step indexes; also as many as gather before a step begins without waiting more.</summary>
    internal const int LinesPerStep = 20_000;

    // How long the lines of a commit gather before they are indexed, unless a search is waiting for them or a step's
    // worth has gathered (the store hurries the index then). Each step writes a new segment that the index merges into
    // ever larger ones later, and writes the device pages it touches; the larger the steps, the less of both per line.
    // Steps of 100 ms cost one-line uploads about 11 µs of the server's CPU each, steps of a second about 6 µs
    // (bench/results/ingest.md).
    private static readonly TimeSpan DefaultGatherTime = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase _database;
    private readonly ILogger? _logger;
    private readonly TimeSpan _gatherTime;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _hurry = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _progressLock = new();
    private readonly Thread _worker;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _indexedUpTo = -1;
    private bool _caughtUp;
    private bool _failing;
    private int _disposed;

    public SqliteTextIndex(SqliteDatabase database, ILogger? logger, TimeSpan? gatherTime = null)
    {
        _database = database;
        _logger = logger;
        _gatherTime = gatherTime ?? DefaultGatherTime;
        // A thread of its own, waiting without the thread pool: a pool short of threads would hold the index back.
        _worker = new Thread(Run) { IsBackground = true, Name = "Logbeam text index" };
        _worker.Start();
    }

    /// <summary>
    /// Whether the index is keeping up: it has caught up with the lines at least once since it opened (so it is not
    /// indexing a whole database again) and its last step did not fail.
    /// </summary>
    public bool Following => Volatile.Read(ref _caughtUp) && !Volatile.Read(ref _failing);

    /// <summary>The id of the last line indexed; -1 until the index has been opened.</summary>
    public long IndexedUpTo => Interlocked.Read(ref _indexedUpTo);

    /// <summary>
    /// Empties the index when it holds lines past the newest in the database, to index them all again.
    /// </summary>
    /// <remarks>
    /// The index follows the commits as soon as readers see them, which is a few milliseconds before the writer's sync
    /// makes them durable (<see cref="WalSync"/>); its own file is synced even later. A power loss in between can keep
    /// index entries for lines the database lost. Their ids would be given to the next lines, and a search would find
    /// those by the lost words. The entries cannot be removed one by one (the index does not keep the text it was
    /// given), so the whole full-text index is built again. The device entries of the lost lines are deleted; the others
    /// stay. Call it before anything appends.
    /// </remarks>
    /// <returns>Whether the index was emptied.</returns>
    public static bool ForgetLinesTheDatabaseLost(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT (SELECT upto FROM indexed) > (SELECT coalesce(max(id), 0) FROM src.lines)";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return false;
        }

        command.CommandText =
            "INSERT INTO lines_fts(lines_fts) VALUES('delete-all'); UPDATE indexed SET upto = 0; " +
            "DELETE FROM device_lines WHERE line_id > (SELECT coalesce(max(id), 0) FROM src.lines);";
        command.ExecuteNonQuery();
        transaction.Commit();
        return true;
    }

    /// <summary>
    /// Tells the index that the lines up to <paramref name="lineId"/> were committed; it indexes them once more have
    /// gathered, or at once when a step's worth waits.
    /// </summary>
    public void Committed(long lineId)
    {
        if (lineId - IndexedUpTo >= LinesPerStep)
        {
            Hurry();
        }
        else
        {
            Signal(_wake);
        }
    }

    /// <summary>Tells the index to index the committed lines now: somebody waits for them.</summary>
    public void Hurry()
    {
        Signal(_hurry);
        Signal(_wake);
    }

    /// <summary>
    /// Waits until every line up to <paramref name="lineId"/> is indexed, or <paramref name="patience"/> has passed.
    /// </summary>
    /// <returns>Whether the index reached the line.</returns>
    public async Task<bool> WaitForAsync(long lineId, TimeSpan patience, CancellationToken cancellationToken)
    {
        if (IndexedUpTo >= lineId)
        {
            return true;
        }

        Hurry();
        var deadline = DateTime.UtcNow + patience;
        while (IndexedUpTo < lineId)
        {
            Task progress;
            lock (_progressLock)
            {
                progress = _progress.Task;
            }

            if (IndexedUpTo >= lineId)
            {
                break;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await progress.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        // The host may dispose the store twice (registered as itself and as ILogStore).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _worker.Join(TimeSpan.FromSeconds(10));

        _stopping.Dispose();
        _wake.Dispose();
        _hurry.Dispose();
    }

    private static void Signal(SemaphoreSlim semaphore)
    {
        try
        {
            semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    private void Run()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var connection = _database.OpenTextIndex();
                using var step = new Step(connection);
                Publish(step.IndexedUpTo);
                while (true)
                {
                    while (step.Next() is { } upTo)
                    {
                        Volatile.Write(ref _failing, false);
                        if (step.ReachedTheEnd)
                        {
                            Volatile.Write(ref _caughtUp, true);
                        }

                        Publish(upTo);
                    }

                    Volatile.Write(ref _failing, false);
                    Volatile.Write(ref _caughtUp, true);

                    // After a wake-up, let more commits gather; a quiet spell of 5 s has nothing to gather.
                    if (_wake.Wait(TimeSpan.FromSeconds(5), stopping))
                    {
                        _hurry.Wait(_gatherTime, stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the index must outlive a failing disk or a locked file; it retries
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Volatile.Write(ref _failing, true);
                if (_logger is not null)
                {
                    StorageLog.TextIndexFailed(_logger, ex);
                }

                if (stopping.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                {
                    return;
                }
            }
        }
    }

    private void Publish(long upTo)
    {
        Interlocked.Exchange(ref _indexedUpTo, upTo);
        TaskCompletionSource done;
        lock (_progressLock)
        {
            done = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.TrySetResult();
    }

    /// <summary>One indexing step: the next lines after the mark, indexed and the mark moved, in one transaction.</summary>
    private sealed class Step : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _upTo;
        private readonly SqliteCommand _last;
        private readonly SqliteCommand _index;
        private readonly SqliteCommand _mark;

        public Step(SqliteConnection connection)
        {
            _connection = connection;
            _upTo = Command("UPDATE indexed SET upto = upto RETURNING upto");
            IndexedUpTo = (long)_upTo.ExecuteScalar()!;
            _last = Command($"SELECT max(id), count(*) FROM (SELECT id FROM src.lines WHERE id > $from ORDER BY id LIMIT {LinesPerStep})");
            // OR IGNORE: after the full-text index was emptied to be built again, the device entries are still there.
            _index = Command(
                "INSERT INTO lines_fts(rowid, text) SELECT id, text FROM src.lines WHERE id > $from AND id <= $to; " +
                "INSERT OR IGNORE INTO device_lines(device_id, line_id) " +
                "SELECT device_id, id FROM src.lines WHERE id > $from AND id <= $to ORDER BY device_id, id;");
            _mark = Command("UPDATE indexed SET upto = $to");
        }

        public long IndexedUpTo { get; private set; }

        /// <summary>Whether the last step indexed every line committed when it began.</summary>
        public bool ReachedTheEnd { get; private set; }

        /// <returns>The new mark, or null when there was nothing to index.</returns>
        public long? Next()
        {
            // A deferred transaction whose first statement writes the index's file takes that file's write lock only
            // (BEGIN IMMEDIATE would take the database's too, and stop the writer). A second store on the same files
            // (a tool, a test) then indexes after this one, from the mark this one left, not twice.
            using var transaction = _connection.BeginTransaction(deferred: true);
            _upTo.Transaction = _last.Transaction = _index.Transaction = _mark.Transaction = transaction;
            IndexedUpTo = (long)_upTo.ExecuteScalar()!;
            _last.Parameters["$from"].Value = IndexedUpTo;
            long to;
            using (var reader = _last.ExecuteReader())
            {
                reader.Read();
                if (reader.IsDBNull(0))
                {
                    ReachedTheEnd = true;
                    return null;
                }

                to = reader.GetInt64(0);
                ReachedTheEnd = reader.GetInt64(1) < LinesPerStep;
            }

            _index.Parameters["$from"].Value = IndexedUpTo;
            _index.Parameters["$to"].Value = to;
            _index.ExecuteNonQuery();
            _mark.Parameters["$to"].Value = to;
            _mark.ExecuteNonQuery();
            transaction.Commit();
            IndexedUpTo = to;
            return to;
        }

        public void Dispose()
        {
            _upTo.Dispose();
            _last.Dispose();
            _index.Dispose();
            _mark.Dispose();
        }

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in new[] { "$from", "$to" })
            {
                if (sql.Contains(name, StringComparison.Ordinal))
                {
                    command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = 0L });
                }
            }

            return command;
        }
    }
}
