using Logbeam.Device.Upload;

namespace Logbeam.Device;

/// <summary>The live counts behind <see cref="LogbeamDeviceCounters"/>; updated with interlocked operations from any thread.</summary>
internal sealed class DeviceCounters
{
    private long _accepted;
    private long _inMemory;
    private long _spooled;
    private long _sent;
    private long _dropped;
    private long _droppedBufferFull;
    private long _droppedSpoolFull;
    private long _droppedShutdown;
    private long _batchesSent;
    private long _failedAttempts;
    private LastError? _lastError;

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Lines that reached an end: acknowledged by the platform or dropped.</summary>
    public long Finished => Interlocked.Read(ref _sent) + Interlocked.Read(ref _dropped);

    public void LineAccepted()
    {
        Interlocked.Increment(ref _accepted);
        Interlocked.Increment(ref _inMemory);
    }

    /// <summary>Lines found in the spool at start count as accepted, so a flush waits for them too.</summary>
    public void Recovered(long lines)
    {
        Interlocked.Add(ref _accepted, lines);
        Interlocked.Add(ref _spooled, lines);
    }

    public void DroppedFromMemory(long lines, DropCause cause)
    {
        Interlocked.Add(ref _inMemory, -lines);
        Dropped(lines, cause);
    }

    public void DroppedFromSpool(long lines, DropCause cause)
    {
        Interlocked.Add(ref _spooled, -lines);
        Dropped(lines, cause);
    }

    /// <summary>The drops reported to the platform, since the client started.</summary>
    public DropTotals DropTotals => new(
        Interlocked.Read(ref _droppedBufferFull), Interlocked.Read(ref _droppedSpoolFull), Interlocked.Read(ref _droppedShutdown));

    public void MovedToSpool(long lines)
    {
        Interlocked.Add(ref _inMemory, -lines);
        Interlocked.Add(ref _spooled, lines);
    }

    public void Sent(long lines, bool fromSpool)
    {
        if (fromSpool)
        {
            Interlocked.Add(ref _spooled, -lines);
        }
        else
        {
            Interlocked.Add(ref _inMemory, -lines);
        }

        Interlocked.Add(ref _sent, lines);
        Interlocked.Increment(ref _batchesSent);
    }

    public void Failed(string error, DateTimeOffset at)
    {
        Interlocked.Increment(ref _failedAttempts);
        Error(error, at);
    }

    public void Error(string error, DateTimeOffset at)
    {
        Volatile.Write(ref _lastError, new LastError(error, at));
    }

    public LogbeamDeviceCounters Snapshot(bool connected, Protocol.DeviceLogLevel level) => new()
    {
        Buffered = Math.Max(0, Interlocked.Read(ref _inMemory)),
        Spooled = Math.Max(0, Interlocked.Read(ref _spooled)),
        Sent = Interlocked.Read(ref _sent),
        Dropped = Interlocked.Read(ref _dropped),
        BatchesSent = Interlocked.Read(ref _batchesSent),
        FailedAttempts = Interlocked.Read(ref _failedAttempts),
        LastError = Volatile.Read(ref _lastError)?.Message,
        LastErrorAt = Volatile.Read(ref _lastError)?.At,
        Connected = connected,
        Level = level,
    };

    private void Dropped(long lines, DropCause cause)
    {
        Interlocked.Add(ref _dropped, lines);
        switch (cause)
        {
            case DropCause.BufferFull:
                Interlocked.Add(ref _droppedBufferFull, lines);
                break;
            case DropCause.SpoolFull:
                Interlocked.Add(ref _droppedSpoolFull, lines);
                break;
            case DropCause.Shutdown:
                Interlocked.Add(ref _droppedShutdown, lines);
                break;
        }
    }

    private sealed record LastError(string Message, DateTimeOffset At);
}
