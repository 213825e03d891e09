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
        if (!_queue.Writer.TryWrite(pending))
        {
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

    private async Task CommitWaitingAsync(ChannelReader<PendingBatch> reader, List<PendingBatch> group, List<LogBatch> batches)
    {
        group.Clear();
        batches.Clear();
        var lines = 0;
        var maxLines = options.Value.MaxLinesPerCommit;
        while (lines < maxLines && reader.TryRead(out var pending))
        {
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
            metrics.CommitSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
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
