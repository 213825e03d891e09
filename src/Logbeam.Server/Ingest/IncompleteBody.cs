namespace Logbeam.Server.Ingest;

/// <summary>
/// Recognises an upload whose body never arrived whole: it stalled below Kestrel's minimum data rate, it was cut off
/// before its Content-Length, or the client went away. That is the client's doing, not the platform's: it is answered
/// as a bad request and logged without a stack trace, so a slow or hostile client cannot flood the log.
/// </summary>
internal static class IncompleteBody
{
    /// <summary>Why the body is incomplete (fixed text, never the client's bytes), or null when the failure is something else.</summary>
    public static string? Describe(Exception exception, HttpContext context) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => "it arrived too slowly",
        BadHttpRequestException => "it ended before its Content-Length, or was malformed",
        IOException or OperationCanceledException when context.RequestAborted.IsCancellationRequested => "the client went away",
        _ => null,
    };
}
