using Logbeam.Protocol;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Mqtt;

/// <summary>The outcome of authenticating an MQTT CONNECT, with the device when it was identified.</summary>
public sealed record DeviceAuthResult(ConnectOutcome Outcome, Device? Device)
{
    /// <summary>For a key device let in, the key its password was made with: the current or, in an overlap, the previous.</summary>
    public DeviceSecret? Key { get; init; }

    public bool Accepted => Outcome == ConnectOutcome.Accepted;
}
