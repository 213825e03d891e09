using Logbeam.Server.Mqtt.Tls;

namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// A client connection's stream as the broker reads it: every byte received passes <see cref="MqttFrameGuard"/> before
/// the broker sees it, and a violation ends the read with <see cref="FrameViolationException"/>. Writes pass through.
/// </summary>
internal sealed class GuardedStream(Stream inner, MqttFrameGuard guard) : WrappingStream(inner)
{
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
            read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            ReadFailure ??= e;
            throw;
        }

        Check(buffer.Span[..read]);
        return read;
    }

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
