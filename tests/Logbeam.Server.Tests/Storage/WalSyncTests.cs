using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The sync behind the commits: a commit counts as durable only after a sync that began after it, one sync serves
/// every commit made while the last one ran, and a failed sync fails every commit that waits on it.
/// </summary>
public sealed class WalSyncTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ACommitMadeWhileASyncRuns_WaitsForTheNextSync_WhichServesEveryoneWaiting()
    {
        using var disk = new ControlledDisk();
        using var sync = new WalSync(disk.Sync);

        var first = sync.AfterNextSync();
        await disk.SyncStarted(1).WaitAsync(Patience);
        var second = sync.AfterNextSync();
        var third = sync.AfterNextSync();

        disk.Finish(1);
        await first.WaitAsync(Patience);
        await disk.SyncStarted(2).WaitAsync(Patience);
        Assert.False(second.IsCompleted, "a commit made during sync 1 was called durable by sync 1");
        Assert.Same(second, third);

        disk.Finish(2);
        await Task.WhenAll(second, third).WaitAsync(Patience);
        Assert.Equal(2, disk.Syncs);
    }

    [Fact]
    public async Task Dispose_SyncsWhatWasAskedBefore_ThenRefusesMore()
    {
        using var disk = new ControlledDisk();
        var sync = new WalSync(disk.Sync);
        var first = sync.AfterNextSync();
        await disk.SyncStarted(1).WaitAsync(Patience);
        var second = sync.AfterNextSync();

        var disposing = Task.Run(sync.Dispose);
        disk.Finish(1);
        await disk.SyncStarted(2).WaitAsync(Patience);
        disk.Finish(2);
        await disposing.WaitAsync(Patience);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Throws<ObjectDisposedException>(() => { _ = sync.AfterNextSync(); });
    }

    [Fact]
    public async Task AFailedSync_FailsItsCommitsAndTheOnesWaitingBehind_AndEveryLaterOne()
    {
        using var disk = new ControlledDisk();
        using var sync = new WalSync(disk.Sync);
        var first = sync.AfterNextSync();
        await disk.SyncStarted(1).WaitAsync(Patience);
        var waiting = sync.AfterNextSync();

        disk.Fail(1, new IOException("EIO"));

        var failed = await Assert.ThrowsAsync<IOException>(() => first.WaitAsync(Patience));
        Assert.Equal("EIO", failed.Message);
        await Assert.ThrowsAsync<IOException>(() => waiting.WaitAsync(Patience));
        var later = Assert.Throws<IOException>(() => { _ = sync.AfterNextSync(); });
        Assert.Same(failed, later.InnerException);
        Assert.Equal(1, disk.Syncs);
    }

    [Fact]
    public async Task ForFile_SyncsTheFile()
    {
        var directory = TempDirectory.Create("logbeam-walsync");
        try
        {
            var path = Path.Combine(directory, "test.db-wal");
            await File.WriteAllBytesAsync(path, new byte[4096]);
            using var sync = WalSync.ForFile(path);

            await sync.AfterNextSync().WaitAsync(Patience);
            await sync.AfterNextSync().WaitAsync(Patience);

            Assert.Equal(4096, new FileInfo(path).Length); // nothing written through the handle
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }

    /// <summary>A disk whose syncs start when asked and end when the test says so.</summary>
    private sealed class ControlledDisk : IDisposable
    {
        private readonly object _gate = new();
        private readonly Dictionary<int, TaskCompletionSource> _started = [];
        private readonly Dictionary<int, TaskCompletionSource<Exception?>> _finish = [];
        private int _syncs;

        public int Syncs => Volatile.Read(ref _syncs);

        public Task SyncStarted(int number) => Started(number).Task;

        public void Finish(int number) => Finishing(number).SetResult(null);

        public void Fail(int number, Exception failure) => Finishing(number).SetResult(failure);

        public void Sync()
        {
            var number = Interlocked.Increment(ref _syncs);
            Started(number).SetResult();
            if (Finishing(number).Task.GetAwaiter().GetResult() is { } failure)
            {
                throw failure;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                foreach (var finish in _finish.Values)
                {
                    finish.TrySetResult(null);
                }
            }
        }

        private TaskCompletionSource Started(int number)
        {
            lock (_gate)
            {
                return _started.TryGetValue(number, out var started)
                    ? started
                    : _started[number] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        private TaskCompletionSource<Exception?> Finishing(int number)
        {
            lock (_gate)
            {
                return _finish.TryGetValue(number, out var finish)
                    ? finish
                    : _finish[number] = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
