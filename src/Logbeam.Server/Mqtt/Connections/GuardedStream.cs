namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// A client connection's stream as the broker reads it: every byte received passes <see cref="MqttFrameGuard"/> before
/// the broker sees it, and a violation ends the read with <see cref="FrameViolationException"/>. Writes pass through.
/// </summary>
internal sealed class GuardedStream(Stream inner, MqttFrameGuard guard) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The first violation seen, once there is one.</summary>
    public FrameViolation Violation { get; private set; }

    /// <summary>
    /// What ended reading from the transport, if it failed (a refused TLS renegotiation, a reset): the broker wraps
    /// it in an exception of its own, so it is kept here to be counted.
    /// </summary>
    public Exception? ReadFailure { get; private set; }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfViolated();
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ReadFailure ??= e;
            throw;
        }

        Check(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfViolated();
        var read = inner.Read(buffer);
        Check(buffer[..read]);
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Check(ReadOnlySpan<byte> received)
    {
        var violation = guard.Inspect(received);
        if (violation != FrameViolation.None)
        {
            Violation = violation;
            throw new FrameViolationException(violation);
        }
    }

    private void ThrowIfViolated()
    {
        if (Violation != FrameViolation.None)
        {
            throw new FrameViolationException(Violation);
        }
    }
}
