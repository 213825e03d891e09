namespace Logbeam.Server.Devices;

/// <summary>The device registry's log messages, with fixed event ids. Never logs a secret.</summary>
internal static partial class DevicesLog
{
    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning,
        Message = "Could not write previous keys' last use or end expired overlaps; retrying at the next round")]
    public static partial void PreviousKeyUpkeepFailed(ILogger logger, Exception exception);
}
