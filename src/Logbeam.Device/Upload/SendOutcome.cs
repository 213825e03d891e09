namespace Logbeam.Device.Upload;

/// <summary>What one upload attempt came to.</summary>
internal enum SendOutcome
{
    /// <summary>The platform committed the batch (or had already: same <c>BatchId</c>).</summary>
    Acknowledged,

    /// <summary>The platform refused the batch as malformed; sending it again cannot help.</summary>
    Refused,

    /// <summary>No answer, a transport error, or an error worth retrying (busy, internal, signature, clock, disabled).</summary>
    Retry,
}
