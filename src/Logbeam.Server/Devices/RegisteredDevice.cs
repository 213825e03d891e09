using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>A device as the hot path needs it: its record and its parsed verification secret.</summary>
public sealed record RegisteredDevice(Device Device, DeviceSecret Secret);
