namespace Logbeam.Server.Storage;

/// <summary>The log messages of storage start-up, with fixed event ids.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Storage: applied {Steps} schema migration steps ({Store})")]
    public static partial void MigrationsApplied(ILogger logger, int steps, string store);
}
