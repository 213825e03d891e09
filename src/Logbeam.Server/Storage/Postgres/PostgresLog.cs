namespace Logbeam.Server.Storage.Postgres;

/// <summary>The log messages of the PostgreSQL store, with fixed event ids.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Lost the PostgreSQL notification connection; reconnecting in {Seconds} s (other nodes' changes are re-read then)")]
    public static partial void ListenLost(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Could not re-read {ProductId}/{DeviceName} after another node changed it")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string productId, string? deviceName);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Retention: dropped {Count} day partitions before {FirstKept}")]
    public static partial void PartitionsDropped(ILogger logger, int count, DateOnly firstKept);
}
