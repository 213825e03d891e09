using System.Buffers;

namespace Logbeam.Server.Ingest;

/// <summary>A request body read whole into a pooled buffer, refusing anything over the limit before reading it all.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>The body, or <c>null</c> when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffered = result.Buffer;
            if (buffered.Length > maxBytes)
            {
                reader.AdvanceTo(buffered.Start, buffered.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var length = (int)buffered.Length;
                var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffered.CopyTo(buffer);
                reader.AdvanceTo(buffered.End);
                return new RequestBody(buffer, length);
            }

            // Ask for more without consuming: the whole body stays buffered in the pipe until complete.
            reader.AdvanceTo(buffered.Start, buffered.End);
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
