using Logbeam.Protocol;

namespace Logbeam.Server.Storage;

/// <summary>One stored line as read back.</summary>
public sealed record LogRecord(
    long Id,
    string ProductId,
    string DeviceName,
    DeviceLogLevel Level,
    DateTime? DeviceTime,
    DateTimeOffset ReceivedAt,
    string? Tag,
    string Text,
    string RequestId);
