namespace Logbeam.Server.Devices;

/// <summary>
/// Whether a device is connected over MQTT, since when and from where, and when it last sent anything.
/// <c>LastSeen</c> outlives the connection; the other fields describe the current one.
/// </summary>
public sealed record PresenceInfo(bool Online, DateTimeOffset? ConnectedSince, string? RemoteAddress, DateTimeOffset? LastSeen);
