using System.Globalization;
using System.Text;
using Logbeam.Protocol;
using Logbeam.Server.Observability;

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

    // Whatever prints a device (a log line, a debugger, an assertion message) must not print its key.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Id = {Id}, ProductId = {ProductId}, DeviceName = {DeviceName}, AuthMode = {AuthMode}, Psk = {LogValue.Hidden(Psk)}, ");
        builder.Append(CultureInfo.InvariantCulture,
            $"Enabled = {Enabled}, LogLevel = {LogLevel}, LevelExpiresAt = {LevelExpiresAt:O}, CreatedAt = {CreatedAt:O}, PreviousKey = {PreviousKey}");
        return true;
    }
}
