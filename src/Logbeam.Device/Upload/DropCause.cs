namespace Logbeam.Device.Upload;

/// <summary>Why the client gave up on a line. The first three are reported to the platform in each upload (see <see cref="BatchOrigin"/>).</summary>
internal enum DropCause
{
    /// <summary>Pushed out of the full in-memory buffer, or out of the memory queue of sealed batches when there is no spool.</summary>
    BufferFull,

    /// <summary>Evicted from the spool when it reached its size cap, or could not be written to it (a full or read-only disk).</summary>
    SpoolFull,

    /// <summary>Still unsent when the client was disposed without a spool, or logged after it was.</summary>
    Shutdown,

    /// <summary>Refused by the platform for good (malformed, or too large): the platform knows, so it is not reported back.</summary>
    Refused,

    /// <summary>The batch could not be built; logged locally.</summary>
    SealFailed,
}
