namespace Logbeam.Server.Storage;

/// <summary>The stores' log messages (SQLite and PostgreSQL alike), with fixed event ids. Never logs a secret.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Retention: removed {Removed} lines received before {Cutoff}")]
    public static partial void RetentionApplied(ILogger logger, long removed, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Storage maintenance failed; it runs again within the hour")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Full-text indexing failed; retrying in a second (searches may miss the newest lines meanwhile)")]
    public static partial void TextIndexFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning,
        Message = "Lost the PostgreSQL notification connection; reconnecting in {Seconds} s (other nodes' changes are re-read then)")]
    public static partial void ListenLost(ILogger logger, Exception exception, double seconds);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Could not re-read {ProductId}/{DeviceName} after another node changed it")]
    public static partial void RefreshFailed(ILogger logger, Exception exception, string productId, string? deviceName);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Information, Message = "Retention: dropped {Count} day partitions before {FirstKept}")]
    public static partial void PartitionsDropped(ILogger logger, int count, DateOnly firstKept);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Storage: applied {Steps} schema migration steps ({Store})")]
    public static partial void MigrationsApplied(ILogger logger, int steps, string store);
}
