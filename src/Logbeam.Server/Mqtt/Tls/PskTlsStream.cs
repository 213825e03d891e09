using System.Buffers;
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
    // Socket buffers are rented for each read and write: ten thousand idle connections hold none.
    private const int ChunkBytes = 4096;

    // A closing alert is a courtesy: a client that does not read it holds the connection no longer than this.
    private static readonly TimeSpan AlertPatience = TimeSpan.FromSeconds(1);

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
                if (await stream.ReceiveAsync(cancellationToken).ConfigureAwait(false) == 0)
                {
                    throw new AuthenticationException("The client closed the connection during the TLS-PSK handshake.");
                }
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

            // Wait for data without a buffer (a zero-byte read), then read it into a rented one.
            await Inner.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            try
            {
                if (await ReceiveAsync(cancellationToken, _records).ConfigureAwait(false) == 0)
                {
                    return 0;
                }
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

    /// <summary>
    /// Reads what the client sent and offers it to the engine; returns how many bytes came (0 at the end). After the
    /// handshake, <paramref name="records"/> refuses a renegotiation before the engine sees it.
    /// </summary>
    private async Task<int> ReceiveAsync(CancellationToken cancellationToken, TlsRecordWatch? records = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var read = await Inner.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken).ConfigureAwait(false);
            if (read > 0)
            {
                if (records?.StartsHandshake(buffer.AsSpan(0, read)) == true)
                {
                    throw new RenegotiationException();
                }

                lock (_engine)
                {
                    _engine.OfferInput(buffer, 0, read);
                }
            }

            return read;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
            using var timeout = new CancellationTokenSource(AlertPatience);
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
        byte[]? buffer = null;
        try
        {
            while (true)
            {
                int count;
                lock (_engine)
                {
                    if (_engine.GetAvailableOutputBytes() == 0)
                    {
                        return;
                    }

                    buffer ??= ArrayPool<byte>.Shared.Rent(ChunkBytes);
                    count = _engine.ReadOutput(buffer, 0, buffer.Length);
                }

                await Inner.WriteAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
