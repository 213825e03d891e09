using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Logbeam.Device.Upload;

/// <summary>
/// Buffer → batches → outbox → platform. Callers only ever <see cref="TryAdd"/> to a bounded buffer that drops its oldest
/// line when full; one task seals batches by count, bytes and interval, another sends them one at a time, in order,
/// retrying with exponential backoff and jitter.
/// </summary>
internal sealed class UploadPipeline : IAsyncDisposable
{
    private readonly LogbeamDeviceOptions _options;
    private readonly Channel<string> _buffer;
    private readonly Outbox _outbox;
    private readonly ReportLogSender _sender;
    private readonly DeviceCounters _counters;
    private readonly DeviceClock _clock;
    private readonly ILogger _logger;
    private readonly Signal _sealNow = new();
    private readonly Signal _retryNow = new();
    private readonly Signal _progress = new();
    private readonly CancellationTokenSource _stopSending = new();
    private readonly Task _batcher;
    private readonly Task _uploader;
    // A new boot id for each client: the platform tells restarts apart by it. Lines are numbered from 1 within it.
    private readonly string _bootId = Guid.NewGuid().ToString("N");
    private long _nextLine = 1; // the batcher's alone
    private int _disposed;

    public UploadPipeline(LogbeamDeviceOptions options, Outbox outbox, ReportLogSender sender, DeviceCounters counters, DeviceClock clock, ILogger logger)
    {
        _options = options;
        _outbox = outbox;
        _sender = sender;
        _counters = counters;
        _clock = clock;
        _logger = logger;
        _buffer = Channel.CreateBounded<string>(
            new BoundedChannelOptions(options.BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => counters.DroppedFromMemory(1, DropCause.BufferFull));
        _batcher = Task.Run(BatchAsync);
        _uploader = Task.Run(UploadAsync);
    }

    /// <summary>Never blocks, never throws: a full buffer drops its oldest line (counted).</summary>
    public void TryAdd(string line)
    {
        _counters.LineAccepted();
        if (!_buffer.Writer.TryWrite(line))
        {
            _counters.DroppedFromMemory(1, DropCause.Shutdown); // closed
        }
    }

    /// <summary>Seals what is buffered and waits until every line accepted so far is acknowledged or dropped.</summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        long target = _counters.Accepted;
        _sealNow.Set();
        _retryNow.Set();
        var deadline = _clock.Time.GetUtcNow() + timeout;
        while (_counters.Finished < target)
        {
            var left = deadline - _clock.Time.GetUtcNow();
            if (left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await _progress.WaitAsync(left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100), cancellationToken)
                .ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await FlushAsync(_options.FlushTimeout, CancellationToken.None).ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        await _batcher.ConfigureAwait(false);
        await _stopSending.CancelAsync().ConfigureAwait(false);
        await _uploader.ConfigureAwait(false);
        _outbox.Close();
        _outbox.Dispose();
        _stopSending.Dispose();
    }

    private async Task BatchAsync()
    {
        var lines = new List<string>();
        int bytes = 0;
        DateTimeOffset openedAt = default;
        var reader = _buffer.Reader;
        while (true)
        {
            DrainBuffer();

            var age = _clock.Time.GetUtcNow() - openedAt;
            if (lines.Count > 0 && age >= _options.BatchInterval)
            {
                Seal(lines, ref bytes);
            }

            var wait = lines.Count > 0 ? _options.BatchInterval - age : Timeout.InfiniteTimeSpan;
            using var wake = new CancellationTokenSource();
            var sealTask = _sealNow.WaitAsync(Timeout.InfiniteTimeSpan, wake.Token);
            var dataTask = reader.WaitToReadAsync(wake.Token).AsTask();
            var timer = wait == Timeout.InfiniteTimeSpan ? Task.Delay(Timeout.Infinite, wake.Token) : Task.Delay(wait, _clock.Time, wake.Token);
            await Task.WhenAny(sealTask, dataTask, timer).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(sealTask, dataTask, timer).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the waits that lost the race
            }

            bool sealRequested = sealTask.IsCompletedSuccessfully;
            bool completed = dataTask.IsCompletedSuccessfully && !dataTask.Result;
            if (sealRequested || completed)
            {
                DrainBuffer();
                Seal(lines, ref bytes);
            }

            if (completed)
            {
                return;
            }
        }

        void DrainBuffer()
        {
            while (reader.TryRead(out var line))
            {
                if (lines.Count == 0)
                {
                    openedAt = _clock.Time.GetUtcNow();
                }

                lines.Add(line);
                bytes += Encoding.UTF8.GetByteCount(line) + 4;
                if (lines.Count >= _options.BatchSize || bytes >= _options.BatchMaxBytes)
                {
                    Seal(lines, ref bytes);
                }
            }
        }
    }

    private void Seal(List<string> lines, ref int bytes)
    {
        if (lines.Count == 0)
        {
            return;
        }

        try
        {
            long sequence = _outbox.NextSequence();
            var origin = new BatchOrigin(_bootId, _nextLine, _counters.DropTotals);
            var body = BatchBody.Create(_options.ProductId, _options.DeviceName, Guid.CreateVersion7().ToString("N"), lines, origin);
            _nextLine += lines.Count;
            _outbox.Add(new OutgoingBatch(sequence, body, lines.Count));
        }
#pragma warning disable CA1031 // the batcher must outlive any single failure
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _counters.DroppedFromMemory(lines.Count, DropCause.SealFailed);
            _counters.Error(ex.Message, _clock.Time.GetUtcNow());
            DeviceLog.SealFailed(_logger, ex, lines.Count);
        }

        lines.Clear();
        bytes = 0;
        _progress.Set();
    }

    private async Task UploadAsync()
    {
        try
        {
            await UploadUntilStoppedAsync(_stopSending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopSending.IsCancellationRequested)
        {
            // shutdown: what is not acknowledged stays, with its BatchId, for the spool and the next run
        }
    }

    private async Task UploadUntilStoppedAsync(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var batch = _outbox.Peek();
            if (batch is null)
            {
                await _outbox.WaitAsync(Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
                continue;
            }

            SendOutcome outcome;
            string? error;
            try
            {
                (outcome, error) = await _sender.SendAsync(batch, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // an unexpected failure is a retry, never the end of the uploader
            catch (Exception ex)
#pragma warning restore CA1031
            {
                (outcome, error) = (SendOutcome.Retry, ex.Message);
            }

            if (outcome == SendOutcome.Retry)
            {
                failures++;
                _counters.Failed(error!, _clock.Time.GetUtcNow());
                _outbox.SetOffline(true);
                var delay = Backoff.Delay(failures, _options.RetryBaseDelay, _options.RetryMaxDelay);
                DeviceLog.UploadFailed(_logger, batch.LineCount, error!, delay.TotalMilliseconds);
                _progress.Set();
                await _retryNow.WaitAsync(delay, stop).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            _outbox.SetOffline(false);
            var (found, fromSpool) = _outbox.Remove(batch);
            if (found)
            {
                if (outcome == SendOutcome.Acknowledged)
                {
                    _counters.Sent(batch.LineCount, fromSpool);
                }
                else
                {
                    _counters.Error(error!, _clock.Time.GetUtcNow());
                    if (fromSpool)
                    {
                        _counters.DroppedFromSpool(batch.LineCount, DropCause.Refused);
                    }
                    else
                    {
                        _counters.DroppedFromMemory(batch.LineCount, DropCause.Refused);
                    }

                    DeviceLog.BatchRefused(_logger, batch.LineCount, error!);
                }
            }

            _progress.Set();
        }
    }
}
