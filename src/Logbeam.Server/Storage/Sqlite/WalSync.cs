namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// Syncs the write-ahead log to disk on a thread of its own, behind the commits: the writer commits a group, asks
/// for a sync, and goes on to the next group while the disk works. Every request made while a sync runs is served by
/// the one after it, so one sync serves every commit made since the last one began.
/// </summary>
/// <remarks>
/// With <c>synchronous=FULL</c>, SQLite syncs the log inside each commit and the writer waits for the disk, with
/// nothing else to write: the next group's uploads are still being answered by this one. Here the commit runs as
/// <c>synchronous=NORMAL</c> (the log is written, not synced) and the sync follows. The lines are acknowledged only
/// after it, so what is acknowledged is what <c>FULL</c> guarantees: a sync of the log that began after the commit.
/// SQLite keeps its own syncs for checkpoints, which it makes with <c>NORMAL</c> too.
/// </remarks>
internal sealed class WalSync : IDisposable
{
    private readonly Action _sync;
    private readonly IDisposable? _file;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private TaskCompletionSource? _requested;
    private Exception? _failure;
    private bool _stopping;

    /// <summary>Syncs with <paramref name="sync"/>, on a thread started here.</summary>
    internal WalSync(Action sync, IDisposable? file = null)
    {
        _sync = sync;
        _file = file;
        _thread = new Thread(Run) { IsBackground = true, Name = "Logbeam WAL sync" };
        _thread.Start();
    }

    /// <summary>Syncs the log file at <paramref name="walPath"/>, which SQLite has created already.</summary>
    public static WalSync ForFile(string walPath)
    {
        // Opened for writing because that is what lets the handle flush to disk; nothing is written through it.
        var wal = new FileStream(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        return new WalSync(() => wal.Flush(flushToDisk: true), wal);
    }

    /// <summary>Completes when a sync that began after this call has finished; faults when that sync fails.</summary>
    /// <exception cref="IOException">An earlier sync failed: the connection that wrote this log must be replaced.</exception>
    public Task AfterNextSync()
    {
        lock (_gate)
        {
            if (_failure is not null)
            {
                throw new IOException("An earlier sync of the write-ahead log failed.", _failure);
            }

            ObjectDisposedException.ThrowIf(_stopping, this);
            if (_requested is null)
            {
                _requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Monitor.Pulse(_gate);
            }

            return _requested.Task;
        }
    }

    /// <summary>Serves what was requested before, then stops.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _file?.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            TaskCompletionSource served;
            lock (_gate)
            {
                while (_requested is null && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_requested is null)
                {
                    return;
                }

                served = _requested;
                _requested = null;
            }

            try
            {
                _sync();
            }
#pragma warning disable CA1031 // a failed sync fails every commit that waits on it, and every later one
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // After a failed fsync the kernel may have dropped the pages it could not write: nothing written
                // before can be called durable any more, so this log is done with.
                TaskCompletionSource? next;
                lock (_gate)
                {
                    _failure = ex;
                    next = _requested;
                    _requested = null;
                }

                served.SetException(ex);
                next?.SetException(ex);
                return;
            }

            served.SetResult();
        }
    }
}
