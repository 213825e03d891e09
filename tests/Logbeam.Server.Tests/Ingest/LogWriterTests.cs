using System.Threading.Channels;
using Logbeam.Protocol;
using Logbeam.Server.Ingest;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Logbeam.Server.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>The group-commit writer: bounded queue, many uploads per commit, failures reported to their uploads only.</summary>
public sealed class LogWriterTests
{
    [Fact]
    public async Task FullQueue_RefusesInsteadOfGrowing_ThenAcceptsAfterCommit()
    {
        var store = new GatedStore();
        await using var writer = await StartAsync(store, capacityLines: 100);

        var first = writer.TryEnqueue(Batch(60));
        Assert.NotNull(first);
        await store.CommitStarted.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Null(writer.TryEnqueue(Batch(60)));
        Assert.False(first.IsCompleted);

        store.Gate = false;
        store.Release();
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(writer.TryEnqueue(Batch(60)));
    }

    [Fact]
    public async Task OversizedBatch_GoesThroughWhenTheQueueIsEmpty()
    {
        var store = new GatedStore { Gate = false };
        await using var writer = await StartAsync(store, capacityLines: 10);
        var committed = writer.TryEnqueue(Batch(50));
        Assert.NotNull(committed);
        await committed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task UploadsWaitingDuringACommit_ShareTheNextCommit()
    {
        var store = new GatedStore();
        await using var writer = await StartAsync(store, capacityLines: 1000);
        var first = writer.TryEnqueue(Batch(1))!;
        await store.CommitStarted.WaitAsync(TimeSpan.FromSeconds(5));
        var waiting = Enumerable.Range(0, 5).Select(_ => writer.TryEnqueue(Batch(2))!).ToArray();

        store.Gate = false;
        store.Release();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1, 5], store.CommitSizes);
    }

    [Fact]
    public async Task FailedCommit_FailsItsUploadsOnly_AndTheWriterLivesOn()
    {
        var store = new GatedStore { Gate = false, FailNext = true };
        await using var writer = await StartAsync(store, capacityLines: 1000);

        var failed = writer.TryEnqueue(Batch(3))!;
        await Assert.ThrowsAsync<IOException>(() => failed.WaitAsync(TimeSpan.FromSeconds(5)));

        var next = writer.TryEnqueue(Batch(3))!;
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, writer.QueuedLines);
    }

    [Fact]
    public async Task StoreThatCannotBeginAGroup_FailsTheWaitingUpload_AndTheWriterLivesOn()
    {
        var inner = new GatedStore { Gate = false };
        await using var writer = await StartAsync(new FailingBeginStore(inner, failures: 1), capacityLines: 1000);

        var failed = writer.TryEnqueue(Batch(3))!;
        await Assert.ThrowsAsync<IOException>(() => failed.WaitAsync(TimeSpan.FromSeconds(5)));

        var next = writer.TryEnqueue(Batch(2))!;
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1], inner.CommitSizes);
        Assert.Equal(0, writer.QueuedLines);
    }

    [Fact]
    public async Task WithTheSyncBehindTheCommit_AnUploadIsAnsweredOnlyOnceDurable_AndTheNextGroupIsWrittenMeanwhile()
    {
        var store = new SyncedBehindStore();
        var signal = new CommitSignal();
        await using var writer = await StartAsync(store, capacityLines: 1000, signal);
        var tailed = signal.NextAsync(CancellationToken.None);

        var first = writer.TryEnqueue(Batch(2))!;
        var firstSync = await store.Committed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var second = writer.TryEnqueue(Batch(3))!;
        var secondSync = await store.Committed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(first.IsCompleted, "answered before its commit was durable");
        Assert.False(tailed.IsCompleted, "live tails were told before the commit was durable");
        Assert.Equal(5, writer.QueuedLines);

        firstSync.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        await tailed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(second.IsCompleted);

        secondSync.SetException(new IOException("fsync failed"));
        await Assert.ThrowsAsync<IOException>(() => second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, writer.QueuedLines);
    }

    [Fact]
    public async Task Stopping_CommitsWhatWasAccepted()
    {
        var store = new GatedStore();
        var writer = await StartAsync(store, capacityLines: 1000);
        var first = writer.TryEnqueue(Batch(1))!;
        await store.CommitStarted.WaitAsync(TimeSpan.FromSeconds(5));
        var queued = writer.TryEnqueue(Batch(4))!;

        var stopping = writer.StopAsync(CancellationToken.None);
        store.Gate = false;
        store.Release();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));

        await Task.WhenAll(first, queued).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 1], store.CommitSizes);
        writer.Dispose();
    }

    private static async Task<AsyncWriter> StartAsync(ILogStore store, int capacityLines, CommitSignal? signal = null)
    {
        var writer = new LogWriter(
            store,
            signal ?? new CommitSignal(),
            new CommitHealth(),
            TimeProvider.System,
            Options.Create(new IngestOptions { QueueCapacityLines = capacityLines }),
            new IngestMetrics(TestMeters.Factory()),
            NullLogger<LogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        return new AsyncWriter(writer);
    }

    private static LogBatch Batch(int lines) => new(
        1, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, null,
        [.. Enumerable.Range(0, lines).Select(i => new LogLine(DeviceLogLevel.Info, null, null, $"line {i}"))]);

    /// <summary>Stops the writer when the test ends.</summary>
    private sealed class AsyncWriter(LogWriter writer) : IAsyncDisposable
    {
        public long QueuedLines => writer.QueuedLines;

        public Task? TryEnqueue(LogBatch batch) => writer.TryEnqueue(batch);

        public Task StopAsync(CancellationToken cancellationToken) => writer.StopAsync(cancellationToken);

        public void Dispose() => writer.Dispose();

        public async ValueTask DisposeAsync()
        {
            await writer.StopAsync(CancellationToken.None);
            writer.Dispose();
        }
    }

    /// <summary>A store that cannot begin its first <paramref name="failures"/> groups (the database is unreachable).</summary>
    private sealed class FailingBeginStore(ILogStore inner, int failures) : ILogStore
    {
        private int _failuresLeft = failures;

        public Task<ILogAppendTransaction> BeginAppendAsync(CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _failuresLeft) >= 0 ? throw new IOException("database unreachable") : inner.BeginAppendAsync(cancellationToken);

        public Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken) => inner.AppendAsync(batches, cancellationToken);

        public Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public Task<IReadOnlyList<MinuteLevelCount>> CountPerMinuteAsync(
            string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
            inner.CountPerMinuteAsync(productId, since, until, cancellationToken);

        public Task<IReadOnlyList<DeviceLevelCount>> CountPerDeviceAsync(
            string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
            inner.CountPerDeviceAsync(productId, since, until, cancellationToken);
    }

    /// <summary>A store that syncs behind its commits: each commit returns at once, durable when the test says so.</summary>
    // ILogStore listed again: BeginAppendAsync replaces the interface's default only in a class that implements it.
    private sealed class SyncedBehindStore : WriteOnlyStore, ILogStore
    {
        public Channel<TaskCompletionSource> Committed { get; } = Channel.CreateUnbounded<TaskCompletionSource>();

        public Task<ILogAppendTransaction> BeginAppendAsync(CancellationToken cancellationToken) =>
            Task.FromResult<ILogAppendTransaction>(new Transaction(this));

        public override Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the writer builds its groups with BeginAppendAsync");

        private sealed class Transaction(SyncedBehindStore store) : ILogAppendTransaction
        {
            private int _lines;

            public ValueTask AddAsync(LogBatch batch, CancellationToken cancellationToken)
            {
                _lines += batch.Lines.Count;
                return ValueTask.CompletedTask;
            }

            public Task<LogCommit> CommitAsync(CancellationToken cancellationToken)
            {
                var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                store.Committed.Writer.TryWrite(durable);
                return Task.FromResult(new LogCommit(_lines, durable.Task));
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    /// <summary>A store whose commits wait until the test releases them, recording how many uploads each held.</summary>
    private sealed class GatedStore : WriteOnlyStore
    {
        private readonly SemaphoreSlim _release = new(0);
        private readonly SemaphoreSlim _started = new(0);

        public volatile bool Gate = true;
        public volatile bool FailNext;

        public List<int> CommitSizes { get; } = [];

        public Task CommitStarted => _started.WaitAsync();

        public void Release() => _release.Release();

        public override async Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken)
        {
            lock (CommitSizes)
            {
                CommitSizes.Add(batches.Count);
            }

            _started.Release();
            if (Gate)
            {
                await _release.WaitAsync(cancellationToken);
            }

            if (FailNext)
            {
                FailNext = false;
                throw new IOException("disk gone");
            }

            return batches.Sum(b => b.Lines.Count);
        }
    }

    /// <summary>A store the writer only appends to: every read finds nothing.</summary>
    private abstract class WriteOnlyStore : ILogStore
    {
        public abstract Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken);

        public Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LogRecord>>([]);

        public Task<IReadOnlyList<MinuteLevelCount>> CountPerMinuteAsync(
            string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<MinuteLevelCount>>([]);

        public Task<IReadOnlyList<DeviceLevelCount>> CountPerDeviceAsync(
            string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DeviceLevelCount>>([]);
    }
}
