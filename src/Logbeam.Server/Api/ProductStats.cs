namespace Logbeam.Server.Api;

/// <summary>
/// The answer of <c>GET /api/v1/products/{productId}/stats</c>: <c>PerMinute</c> has one entry for every minute in
/// [<c>Since</c>, <c>Until</c>), oldest first, zeros included; <c>Devices</c> has the devices that sent lines in the
/// last 24 hours (from <c>DevicesSince</c>), by name.
/// </summary>
public sealed record ProductStats(
    string ProductId,
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<MinuteCounts> PerMinute,
    DateTimeOffset DevicesSince,
    IReadOnlyList<DeviceCounts> Devices);
