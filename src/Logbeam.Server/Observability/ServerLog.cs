namespace Logbeam.Server.Observability;

/// <summary>Every log message the server writes, with fixed event ids. Never logs a secret.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "No Api:AdminKey is configured: generated one and stored it in {Path}. Admin API key: {AdminKey}")]
    public static partial void AdminKeyGenerated(ILogger logger, string path, string adminKey);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Storage: {Provider} at {Location}")]
    public static partial void StorageOpened(ILogger logger, string provider, string location);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Product {ProductId} upload rules changed: allowCertificateKeyHmac {AllowCertificateKeyHmac}, legacyUploads {LegacyUploads}")]
    public static partial void UploadRulesChanged(ILogger logger, string productId, bool allowCertificateKeyHmac, bool legacyUploads);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error,
        Message = "Commit of {Uploads} uploads ({Lines} lines) failed; they were answered with an error")]
    public static partial void CommitFailed(ILogger logger, Exception exception, int uploads, int lines);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug,
        Message = "Upload refused for {ProductId}/{DeviceName}: {Code}")]
    public static partial void UploadRefused(ILogger logger, string productId, string deviceName, string code);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Upload {RequestId} failed unexpectedly")]
    public static partial void UploadFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Upload queue full ({QueuedLines} lines waiting): asking devices to retry")]
    public static partial void QueueFull(ILogger logger, long queuedLines);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Retention: removed {Removed} lines received before {Cutoff}")]
    public static partial void RetentionApplied(ILogger logger, long removed, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Full-text indexing failed; retrying in a second (searches may miss the newest lines meanwhile)")]
    public static partial void TextIndexFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Storage maintenance failed; it runs again within the hour")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Debug,
        Message = "Upload {RequestId} refused: its body did not arrive whole ({Reason})")]
    public static partial void UploadBodyIncomplete(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "API request {Method} {Route} refused with {Status}: {Failure}")]
    public static partial void ApiRequestRefused(ILogger logger, string method, string route, int status, string failure);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning,
        Message = "API request {Method} {Route} refused: the store is out of space; free disk space")]
    public static partial void ApiStoreFull(ILogger logger, string method, string route);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information,
        Message = "Key of {ProductId}/{DeviceName} rotated; the previous key is accepted until {ExpiresAt}")]
    public static partial void KeyRotated(ILogger logger, string productId, string deviceName, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Previous key of {ProductId}/{DeviceName} no longer accepted")]
    public static partial void OverlapEnded(ILogger logger, string productId, string deviceName);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning,
        Message = "Could not write previous keys' last use or end expired overlaps; retrying at the next round")]
    public static partial void PreviousKeyUpkeepFailed(ILogger logger, Exception exception);
}
