using System.Diagnostics;
using System.Threading.Channels;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Ingest;

/// <summary>
/// The single writer: drains pending batches and commits as many as are waiting in one transaction
/// (group commit), then completes every upload in it once the commit is durable. An upload is acknowledged only
/// then. While a commit is being synced to disk, the writer already builds the next group.
/// The queue is bounded by lines; when it is full, <see cref="TryEnqueue"/> refuses and the device retries.
/// </summary>
public sealed class LogWriter(
    ILogStore store, CommitSignal commits, CommitHealth health, TimeProvider time, IOptions<IngestOptions> options, IngestMetrics metrics,
    ILogger<LogWriter> logger)
    : BackgroundService
{
    private readonly Channel<PendingBatch> _queue = Channel.CreateUnbounded<PendingBatch>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    private long _queuedLines;
    private int _groupsAwaitingDurability;
    private int _lastGroupUploads;
    private TimeSpan _lastBusyTime;
    private bool _lastSyncedBehind;

    /// <summary>Lines accepted but not yet durably committed.</summary>
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
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queuedLines, -lines);
            return null;
        }

        metrics.SetQueueDepth(QueuedLines);
        return pending.Committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        var group = new List<PendingBatch>();
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await CommitGroupAsync(reader, group, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was accepted is still committed before the host exits.
            _queue.Writer.TryComplete();
            while (reader.TryPeek(out _))
            {
                await CommitGroupAsync(reader, group, stoppingToken).ConfigureAwait(false);
            }

            // ...and answered: the last syncs take a few milliseconds.
            while (Volatile.Read(ref _groupsAwaitingDurability) > 0)
            {
                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // One group commit. Uploads are written into the open transaction as they arrive, so the store works while the
    // rest of the group is still being received, parsed and verified; the commit then only finishes the group.
    //
    // How long to keep the group open: while commit N runs, only the uploads answered by commit N-1 come back, so
    // closing the group as soon as the queue is empty makes commits alternate between two halves of the load, paying
    // the fixed cost of a commit (fsync, checkpoint, full-text segment) twice as often. Where the commit itself waits
    // for the disk, the group therefore stays open until it is as large as the previous one, bounded by the time the
    // previous group kept the store busy and by MaxCommitDelayMilliseconds. Where the store syncs behind its commits,
    // one sync serves the commits made while it ran, and the halves are what keeps both cores busy: the group closes
    // as soon as the queue is empty (bench/results/ingest.md).
    private async Task CommitGroupAsync(ChannelReader<PendingBatch> reader, List<PendingBatch> group, CancellationToken stoppingToken)
    {
        group.Clear();
        var lines = 0;
        var maxLines = options.Value.MaxLinesPerCommit;
        var maxWait = _lastSyncedBehind ? 0 : Math.Min(options.Value.MaxCommitDelayMilliseconds, _lastBusyTime.TotalMilliseconds);
        var target = maxWait >= 1 ? _lastGroupUploads : 1;
        var opened = Stopwatch.GetTimestamp();
        var busy = TimeSpan.Zero;
        var handedOver = false;
        try
        {
            await using var append = await store.BeginAppendAsync(CancellationToken.None).ConfigureAwait(false);
            while (true)
            {
                var adding = Stopwatch.GetTimestamp();
                while (lines < maxLines && reader.TryRead(out var pending))
                {
                    group.Add(pending);
                    lines += pending.Batch.Lines.Count;
                    await append.AddAsync(pending.Batch, CancellationToken.None).ConfigureAwait(false);
                }

                busy += Stopwatch.GetElapsedTime(adding);
                if (group.Count >= target || lines >= maxLines || stoppingToken.IsCancellationRequested
                    || Stopwatch.GetElapsedTime(opened).TotalMilliseconds >= maxWait)
                {
                    break;
                }

                await Task.Delay(1, CancellationToken.None).ConfigureAwait(false);
            }

            if (group.Count == 0)
            {
                return;
            }

            var committing = Stopwatch.GetTimestamp();
            var commit = await append.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            var commitTime = Stopwatch.GetElapsedTime(committing);
            _lastBusyTime = busy + commitTime;
            _lastGroupUploads = group.Count;
            _lastSyncedBehind = !commit.Durable.IsCompleted;
            metrics.Committed(commitTime);
            handedOver = true;
            if (commit.Durable.IsCompletedSuccessfully)
            {
                Acknowledge(group, lines);
            }
            else
            {
                Interlocked.Increment(ref _groupsAwaitingDurability);
                _ = AcknowledgeWhenDurableAsync([.. group], lines, commit.Durable);
            }
        }
#pragma warning disable CA1031 // a failed commit fails its uploads (the devices retry); the writer must live on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            // The store could not even begin: fail what waits, rather than spin on it.
            while (group.Count == 0 && reader.TryRead(out var waiting))
            {
                group.Add(waiting);
                lines += waiting.Batch.Lines.Count;
            }

            Refuse(group, lines, ex);
        }
        finally
        {
            if (!handedOver)
            {
                Dequeued(lines);
            }
        }
    }

    private async Task AcknowledgeWhenDurableAsync(PendingBatch[] group, int lines, Task durable)
    {
        Exception? notDurable = null;
        try
        {
            await durable.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // not durable: its uploads are refused, and the devices send them again
        catch (Exception ex)
#pragma warning restore CA1031
        {
            notDurable = ex;
        }

        try
        {
            if (notDurable is null)
            {
                Acknowledge(group, lines);
            }
            else
            {
                Dequeued(lines);
                Refuse(group, lines, notDurable);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _groupsAwaitingDurability);
        }
    }

    private void Acknowledge(IReadOnlyList<PendingBatch> group, int lines)
    {
        Dequeued(lines);
        health.Succeeded();
        commits.Raise();
        foreach (var pending in group)
        {
            pending.Committed.TrySetResult();
        }
    }

    private void Refuse(IReadOnlyList<PendingBatch> group, int lines, Exception failure)
    {
        health.Failed(failure, time.GetUtcNow());
        IngestLog.CommitFailed(logger, failure, group.Count, lines);
        foreach (var pending in group)
        {
            pending.Committed.TrySetException(failure);
        }
    }

    private void Dequeued(int lines)
    {
        Interlocked.Add(ref _queuedLines, -lines);
        metrics.SetQueueDepth(QueuedLines);
    }
}
