using System.Diagnostics;
using System.Threading.Channels;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Ingest;

/// <summary>
/// The single writer: drains pending batches and commits as many as are waiting in one transaction
/// (group commit), then completes every upload in it. An upload is acknowledged only after its commit.
/// The queue is bounded by lines; when it is full, <see cref="TryEnqueue"/> refuses and the device retries.
/// </summary>
public sealed class LogWriter(
    ILogStore store, CommitSignal commits, IOptions<IngestOptions> options, IngestMetrics metrics, ILogger<LogWriter> logger)
    : BackgroundService
{
    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private long _queuedLines;
    private int _queuedUploads;
    private int _lastGroupUploads;
    private TimeSpan _lastCommitTime;

    /// <summary>Lines accepted but not yet committed.</summary>
    public long QueuedLines => Interlocked.Read(ref _queuedLines);

    /// <summary>Queues a batch; the task completes when it is committed. <c>null</c> when the queue is full or closed.</summary>
    public Task? TryEnqueue(LogBatch batch)
    {
        var lines = batch.Lines.Count;
        var queued = Interlocked.Add(ref _queuedLines, lines);

        // An upload larger than the whole queue still goes through when nothing else waits.
        if (queued > options.Value.QueueCapacityLines && queued != lines)
        {
            Interlocked.Add(ref _queuedLines, -lines);
            return null;
        }

        var pending = new PendingBatch(batch);
        Interlocked.Increment(ref _queuedUploads);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queuedUploads);
            Interlocked.Add(ref _queuedLines, -lines);
            return null;
        }

        metrics.QueueDepth.Set(QueuedLines);
        return pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var group = new List<PendingBatch>();
        var batches = new List<LogBatch>();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await GatherAsync(stoppingToken).ConfigureAwait(false);
                await CommitWaitingAsync(reader, group, batches).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was accepted is still committed before the host exits.
            _queue.Writer.TryComplete();
            while (reader.TryPeek(out _))
            {
                await CommitWaitingAsync(reader, group, batches).ConfigureAwait(false);
            }
        }
    }

    // Group commit ping-pong: while commit N runs, only the uploads answered by commit N-1 come back, so without a
    // wait commits alternate between two halves of the load and pay the fixed cost of a commit (fsync, checkpoint,
    // full-text segment) twice as often. Waiting for the previous group's size, bounded by the previous commit's
    // duration and MaxCommitDelayMilliseconds, merges them again (bench/results/ingest.md).
    private async Task GatherAsync(CancellationToken stoppingToken)
    {
        var maxDelay = Math.Min(options.Value.MaxCommitDelayMilliseconds, _lastCommitTime.TotalMilliseconds);
        if (_lastGroupUploads <= 1 || maxDelay < 1)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var maxLines = options.Value.MaxLinesPerCommit;
        while (Volatile.Read(ref _queuedUploads) < _lastGroupUploads && QueuedLines < maxLines
            && Stopwatch.GetElapsedTime(started).TotalMilliseconds < maxDelay)
        {
            await Task.Delay(1, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task CommitWaitingAsync(ChannelReader<PendingBatch> reader, List<PendingBatch> group, List<LogBatch> batches)
    {
        group.Clear();
        batches.Clear();
        var lines = 0;
        var maxLines = options.Value.MaxLinesPerCommit;
        while (lines < maxLines && reader.TryRead(out var pending))
        {
            Interlocked.Decrement(ref _queuedUploads);
            group.Add(pending);
            batches.Add(pending.Batch);
            lines += pending.Batch.Lines.Count;
        }

        if (group.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.AppendAsync(batches, CancellationToken.None).ConfigureAwait(false);
            _lastCommitTime = Stopwatch.GetElapsedTime(started);
            _lastGroupUploads = group.Count;
            metrics.CommitSeconds.Observe(_lastCommitTime.TotalSeconds);
            commits.Raise();
            foreach (var pending in group)
            {
                pending.Committed.TrySetResult();
            }
        }
#pragma warning disable CA1031 // a failed commit fails its uploads (the devices retry); the writer must live on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            ServerLog.CommitFailed(logger, ex, group.Count, lines);
            foreach (var pending in group)
            {
                pending.Committed.TrySetException(ex);
            }
        }
        finally
        {
            Interlocked.Add(ref _queuedLines, -lines);
            metrics.QueueDepth.Set(QueuedLines);
        }
    }
}
