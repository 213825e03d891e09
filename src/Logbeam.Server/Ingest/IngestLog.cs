namespace Logbeam.Server.Ingest;

/// <summary>The upload path's log messages, with fixed event ids. Never logs a secret.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error,
        Message = "Commit of {Uploads} uploads ({Lines} lines) failed; they were answered with an error")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int uploads, int lines);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug,
        Message = "Upload refused for {ProductId}/{DeviceName}: {Code}")]
    public static partial void UploadRefused(ILogger logger, string productId, string deviceName, string code);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Upload queue full ({QueuedLines} lines waiting): asking devices to retry")]
    public static partial void QueueFull(ILogger logger, long queuedLines);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Upload {RequestId} failed unexpectedly")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug,
        Message = "Upload {RequestId} refused: its body did not arrive whole ({Reason})")]
    public static partial void UploadBodyIncomplete(ILogger logger, string requestId, string reason);
}
