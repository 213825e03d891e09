namespace Logbeam.Device.Upload;

/// <summary>
/// Sealed batches in send order. While the platform answers, they wait in memory; once an upload fails (or memory is full)
/// the waiting batches move to the spool and every new batch is appended there until the spool is drained. So at any time
/// either the spool or the memory queue is empty, and the oldest batch is always sent first.
/// </summary>
internal sealed class Outbox : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<OutgoingBatch> _memory = new();
    private readonly Spool? _spool;
    private readonly int _maxPending;
    private readonly DeviceCounters _counters;
    private readonly Signal _available = new();
    private long _nextSequence;
    private long _inFlight = -1;
    private bool _offline;

    public Outbox(Spool? spool, int maxPending, DeviceCounters counters)
    {
        _spool = spool;
        _maxPending = maxPending;
        _counters = counters;
        _nextSequence = spool?.NextSequence ?? 1;
        if (spool is not null)
        {
            counters.Recovered(spool.Lines);
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _memory.Count == 0 && (_spool?.Count ?? 0) == 0;
            }
        }
    }

    public long NextSequence()
    {
        lock (_gate)
        {
            return _nextSequence++;
        }
    }

    public void Add(OutgoingBatch batch)
    {
        lock (_gate)
        {
            if (_spool is not null && (_offline || _spool.Count > 0 || _memory.Count >= _maxPending))
            {
                SpillMemory();
                AppendToSpool(batch);
            }
            else
            {
                if (_memory.Count >= _maxPending)
                {
                    // No spool: the oldest batch not being sent makes room.
                    var oldest = _memory.First(b => b.Sequence != _inFlight);
                    RemoveFromMemory(oldest);
                    _counters.DroppedFromMemory(oldest.LineCount, DropCause.BufferFull);
                }

                _memory.Enqueue(batch);
            }
        }

        _available.Set();
    }

    /// <summary>The oldest batch, now marked as the one being sent.</summary>
    public OutgoingBatch? Peek()
    {
        lock (_gate)
        {
            var head = _spool is { Count: > 0 } ? _spool.Peek() : _memory.TryPeek(out var first) ? first : null;
            _inFlight = head?.Sequence ?? -1;
            return head;
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _available.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes a batch out for good (acknowledged or refused); returns whether it was still there and where.</summary>
    public (bool Found, bool FromSpool) Remove(OutgoingBatch batch)
    {
        lock (_gate)
        {
            _inFlight = -1;
            if (_memory.TryPeek(out var first) && first.Sequence == batch.Sequence)
            {
                _memory.Dequeue();
                return (true, false);
            }

            return (_spool?.Remove(batch.Sequence) ?? false, true);
        }
    }

    /// <summary>After a failed upload every waiting batch goes to disk; after a success new ones stay in memory again.</summary>
    public void SetOffline(bool offline)
    {
        lock (_gate)
        {
            _offline = offline;
            if (offline)
            {
                SpillMemory();
            }
        }
    }

    /// <summary>At shutdown: what is left in memory goes to the spool, or is counted as dropped without one.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _inFlight = -1;
            if (_spool is not null)
            {
                SpillMemory();
                return;
            }

            while (_memory.TryDequeue(out var batch))
            {
                _counters.DroppedFromMemory(batch.LineCount, DropCause.Shutdown);
            }
        }
    }

    public void Dispose() => _spool?.Dispose();

    private void SpillMemory()
    {
        if (_spool is null)
        {
            return;
        }

        while (_memory.TryDequeue(out var batch))
        {
            AppendToSpool(batch);
        }
    }

    private void AppendToSpool(OutgoingBatch batch)
    {
        long evicted;
        try
        {
            evicted = _spool!.Append(batch, _inFlight);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk: the batch cannot be kept anywhere.
            _counters.Error($"Spool write failed: {ex.Message}", DateTimeOffset.UtcNow);
            _counters.DroppedFromMemory(batch.LineCount, DropCause.SpoolFull);

            return;
        }

        // Lines of a new batch are still counted as in memory until here.
        _counters.MovedToSpool(batch.LineCount);

        if (evicted > 0)
        {
            _counters.DroppedFromSpool(evicted, DropCause.SpoolFull);
        }
    }

    private void RemoveFromMemory(OutgoingBatch batch)
    {
        var kept = _memory.Where(b => b != batch).ToList();
        _memory.Clear();
        foreach (var b in kept)
        {
            _memory.Enqueue(b);
        }
    }
}
