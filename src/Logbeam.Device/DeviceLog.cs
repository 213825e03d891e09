using Microsoft.Extensions.Logging;

namespace Logbeam.Device;

/// <summary>
/// Every diagnostic the SDK writes, with fixed event ids, under the category <c>Logbeam.Device</c> (which the Logbeam logger
/// provider does not upload, so the SDK never feeds on itself). Never logs a secret.
/// </summary>
internal static partial class DeviceLog
{
    public const string Category = "Logbeam.Device";

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Upload of {Lines} lines failed ({Error}); retrying in {DelayMs:0} ms")]
    public static partial void UploadFailed(ILogger logger, int lines, string error, double delayMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "The platform refused a batch of {Lines} lines for good: {Error}")]
    public static partial void BatchRefused(ILogger logger, int lines, string error);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "{Lines} lines could not be put into a batch")]
    public static partial void SealFailed(ILogger logger, Exception exception, int lines);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "MQTT connected to {Broker} as {ClientId}")]
    public static partial void Connected(ILogger logger, Uri broker, string clientId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "MQTT connection to {Broker} failed ({Error}); retrying in {DelayMs:0} ms")]
    public static partial void ConnectFailed(ILogger logger, Uri broker, string error, double delayMs);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Log level set to {Level} by the platform")]
    public static partial void LevelChanged(ILogger logger, Protocol.DeviceLogLevel level);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Ignored log_level {Value}: not between 0 and 4")]
    public static partial void LevelIgnored(ILogger logger, int value);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Time synced: platform clock is {OffsetMs} ms ahead of the device")]
    public static partial void TimeSynced(ILogger logger, long offsetMs);
}
