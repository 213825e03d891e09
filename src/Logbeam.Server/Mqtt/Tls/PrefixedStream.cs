namespace Logbeam.Server.Mqtt.Tls;

/// <summary>A stream that first gives back bytes already read from <paramref name="inner"/> (a peeked ClientHello), then the rest of it.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : WrappingStream(inner)
{
    private int _offset;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < prefix.Length)
        {
            var count = Math.Min(buffer.Length, prefix.Length - _offset);
            prefix.AsSpan(_offset, count).CopyTo(buffer.Span);
            _offset += count;
            return ValueTask.FromResult(count);
        }

        return Inner.ReadAsync(buffer, cancellationToken);
    }
}
