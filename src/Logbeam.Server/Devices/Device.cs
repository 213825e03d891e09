using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>A registered device. <see cref="Id"/> is the interned id its log lines carry.</summary>
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
    DateTimeOffset CreatedAt);
