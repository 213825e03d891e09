namespace Logbeam.Server.Api;

/// <summary>
/// The management API's log messages, with fixed event ids. Never logs a secret, except the admin key it generated
/// (once, at the first start without one, so that the operator can read it).
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "No Api:AdminKey is configured: generated one and stored it in {Path}. Admin API key: {AdminKey}")]
    public static partial void AdminKeyGenerated(ILogger logger, string path, string adminKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Product {ProductId} upload rules changed: allowCertificateKeyHmac {AllowCertificateKeyHmac}, legacyUploads {LegacyUploads}")]
    public static partial void UploadRulesChanged(ILogger logger, string productId, bool allowCertificateKeyHmac, bool legacyUploads);

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
}
