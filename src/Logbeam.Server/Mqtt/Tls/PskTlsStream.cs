using System.Runtime.InteropServices;
using System.Security.Authentication;
using Org.BouncyCastle.Tls;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// A TLS-PSK connection as a <see cref="Stream"/>: BouncyCastle's TLS engine in its non-blocking mode, fed from and
/// drained to the socket asynchronously, so that ten thousand handshakes at once hold no thread each.
/// </summary>
/// <remarks>
/// The engine is not thread-safe: every call into it holds <see cref="_engine"/>'s lock, and socket I/O happens outside
/// it. Bytes the engine produces are taken and written under <see cref="_writing"/>, so they reach the socket in order.
/// </remarks>
internal sealed class PskTlsStream : WrappingStream
{
    private readonly TlsServerProtocol _engine;
    private readonly TlsRecordWatch _records = new();
    private readonly SemaphoreSlim _writing = new(1, 1);
    // Small: an idle connection holds them, and the engine keeps partial records itself.
    private readonly byte[] _received = new byte[4096];
    private readonly byte[] _outgoing = new byte[4096];

    private PskTlsStream(Stream transport, TlsServerProtocol engine)
        : base(transport) => _engine = engine;

    /// <summary>Runs the handshake over <paramref name="transport"/>; throws <see cref="AuthenticationException"/> when it fails.</summary>
    public static async Task<PskTlsStream> AcceptAsync(Stream transport, DevicePskServer server, CancellationToken cancellationToken)
    {
        var engine = new TlsServerProtocol();
        var stream = new PskTlsStream(transport, engine);
        try
        {
            engine.Accept(server);
            while (engine.IsHandshaking)
            {
                await stream.SendPendingAsync(cancellationToken).ConfigureAwait(false);
                var read = await transport.ReadAsync(stream._received, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new AuthenticationException("The client closed the connection during the TLS-PSK handshake.");
                }

                stream.Offer(read);
            }

            await stream.SendPendingAsync(cancellationToken).ConfigureAwait(false);
            if (!engine.IsConnected)
            {
                throw new AuthenticationException("The TLS-PSK handshake did not complete.");
            }

            return stream;
        }
        catch (TlsFatalAlert alert)
        {
            // Tell the client why before closing: the alert is in the engine's output.
            await stream.TrySendPendingAsync().ConfigureAwait(false);
            throw new AuthenticationException($"TLS-PSK handshake failed: {AlertDescription.GetText(alert.AlertDescription)}.", alert);
        }
        catch (TlsFatalAlertReceived alert)
        {
            throw new AuthenticationException($"The client ended the TLS-PSK handshake: {AlertDescription.GetText(alert.AlertDescription)}.", alert);
        }
        catch (TlsException e)
        {
            throw new AuthenticationException("TLS-PSK handshake failed.", e);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_engine)
            {
                if (_engine.GetAvailableInputBytes() > 0)
                {
                    return ReadDecrypted(buffer);
                }

                if (_engine.IsClosed)
                {
                    return 0;
                }
            }

            var read = await Inner.ReadAsync(_received, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            if (_records.StartsHandshake(_received.AsSpan(0, read)))
            {
                throw new RenegotiationException();
            }

            try
            {
                Offer(read);
            }
            catch (TlsException e)
            {
                await TrySendPendingAsync().ConfigureAwait(false);
                throw new IOException("TLS record refused.", e);
            }

            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_engine)
            {
                _engine.WriteApplicationData(buffer.Span);
            }

            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writing.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        _writing.Dispose();
    }

    // Holds the engine's lock.
    private int ReadDecrypted(Memory<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _engine.GetAvailableInputBytes());
        if (MemoryMarshal.TryGetArray<byte>(buffer, out var array))
        {
            return _engine.ReadInput(array.Array!, array.Offset, count);
        }

        var chunk = new byte[count];
        var read = _engine.ReadInput(chunk, 0, count);
        chunk.AsSpan(0, read).CopyTo(buffer.Span);
        return read;
    }

    private void Offer(int read)
    {
        lock (_engine)
        {
            _engine.OfferInput(_received, 0, read);
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task TrySendPendingAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendPendingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone already.
        }
    }

    // Holds _writing.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int count;
            lock (_engine)
            {
                count = _engine.GetAvailableOutputBytes() > 0 ? _engine.ReadOutput(_outgoing, 0, _outgoing.Length) : 0;
            }

            if (count == 0)
            {
                return;
            }

            await Inner.WriteAsync(_outgoing.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
    }
}
