namespace Logbeam.Server.Accounting;

/// <summary>The log messages of device activity accounting, with fixed event ids.</summary>
internal static partial class AccountingLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning,
        Message = "Device activity (refusals, last contacts) could not be written; it is kept and written with the next round")]
    public static partial void FlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Old refusal counts could not be deleted; the next round tries again")]
    public static partial void PruneFailed(ILogger logger, Exception exception);
}
