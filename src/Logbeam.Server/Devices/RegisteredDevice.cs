using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>
/// A device as the hot path needs it: its record and its parsed verification secret, and after a rotation its previous
/// key (null for every device that has none, so checking it costs them nothing).
/// </summary>
public sealed record RegisteredDevice(Device Device, DeviceSecret Secret)
{
    public PreviousKeyState? Previous { get; init; }
}
