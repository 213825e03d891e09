using Logbeam.Protocol;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Api;

/// <summary>
/// One stored line. <c>DeviceTime</c> is the device's wall-clock time as it wrote it (no zone);
/// <c>ReceivedAt</c> is the platform's clock.
/// </summary>
public sealed record LogItem(
    long Id,
    string ProductId,
    string DeviceName,
    int Level,
    string LevelName,
    DateTime? DeviceTime,
    DateTimeOffset ReceivedAt,
    string? Tag,
    string Text,
    string RequestId)
{
    public static LogItem From(LogRecord record) => new(
        record.Id,
        record.ProductId,
        record.DeviceName,
        (int)record.Level,
        DeviceLogLevels.Prefix(record.Level),
        record.DeviceTime,
        record.ReceivedAt,
        record.Tag,
        record.Text,
        record.RequestId);
}
