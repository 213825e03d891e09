namespace Logbeam.Device.Upload;

/// <summary>
/// A sealed upload: the exact body bytes (with their <c>BatchId</c>), kept unchanged across retries and in the spool so the
/// platform can recognise a retry of a batch it already committed.
/// </summary>
internal sealed class OutgoingBatch(long sequence, byte[] body, int lineCount)
{
    /// <summary>The order batches were sealed in; also the spool file's name.</summary>
    public long Sequence { get; } = sequence;

    public byte[] Body { get; } = body;

    public int LineCount { get; } = lineCount;

    /// <summary>Whether the batch is in the spool rather than only in memory.</summary>
    public bool Spooled { get; set; }
}
