using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// Keeps the two indexes of the lines that the writer does not keep, the full-text index (<c>lines_fts</c>) and the
/// device index (<c>device_lines</c>), in a file of their own (<c>logbeam-fts.db</c>, schema in
/// <see cref="SqliteIndexFileSchema"/>), on a thread of its own; each step is a <see cref="SqliteIndexingStep"/>.
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
internal sealed class SqliteLineIndexer : IDisposable
{
    /// <summary>The most lines one step indexes; also as many as gather before a step begins without waiting more.</summary>
    internal const int LinesPerStep = 20_000;

    // How long the lines of a commit gather before they are indexed, unless a search is waiting for them or a step's
    // worth has gathered (the store hurries the index then). Each step writes a new segment that the index merges into
    // ever larger ones later, and writes the device pages it touches; the larger the steps, the less of both per line.
    // Steps of 100 ms cost one-line uploads about 11 µs of the server's CPU each, steps of a second about 6 µs
    // (bench/results/ingest.md).
    private static readonly TimeSpan DefaultGatherTime = TimeSpan.FromSeconds(1);

    // With no wake-up in this long the thread checks for lines anyway (another store on the same files may have committed).
    private static readonly TimeSpan QuietSpell = TimeSpan.FromSeconds(5);

    // After a failed step (a full disk, a locked file): soon enough that searches catch up, rare enough not to spin.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // How long disposal waits for a step under way: a step takes well under a second; a stuck disk is not waited for.
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

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
    private int _started;

    public SqliteLineIndexer(SqliteDatabase database, ILogger? logger, TimeSpan? gatherTime = null)
    {
        _database = database;
        _logger = logger;
        _gatherTime = gatherTime ?? DefaultGatherTime;
        // A thread of its own, waiting without the thread pool: a pool short of threads would hold the index back.
        _worker = new Thread(Run) { IsBackground = true, Name = "Logbeam text index" };
    }

    /// <summary>
    /// Starts following the commits, once the index file's schema is in place (<see cref="SqliteDatabase.Initialize"/>);
    /// a second call does nothing. The store starts it at start-up, and at the latest when it is first used.
    /// </summary>
    public void Start()
    {
        if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _worker.Start();
        }
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
        Start();
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
        Start();
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
        if (Volatile.Read(ref _started) != 0)
        {
            _worker.Join(StopPatience);
        }

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
                using var connection = _database.OpenIndexFile();
                using var step = new SqliteIndexingStep(connection);
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

                    // After a wake-up, let more commits gather; after a quiet spell there is nothing to gather.
                    if (_wake.Wait(QuietSpell, stopping))
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

                if (stopping.WaitHandle.WaitOne(RetryDelay))
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
}
