using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>
/// A registered device. <see cref="Id"/> is the interned id its log lines carry; <see cref="PreviousKey"/> is the PSK
/// it had before its last rotation, while one is recorded.
/// </summary>
public sealed record Device(
    long Id,
    string ProductId,
    string DeviceName,
    DeviceAuthMode AuthMode,
    string? Psk,
    string? Certificate,
    bool Enabled,
    DeviceLogLevel? LogLevel,
    DateTimeOffset? LevelExpiresAt,
    DateTimeOffset CreatedAt)
{
    public PreviousKey? PreviousKey { get; init; }
}
