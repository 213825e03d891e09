using Logbeam.Server.Devices;

namespace Logbeam.Server.Mqtt;

/// <summary>The outcome of authenticating an MQTT CONNECT, with the device when it was identified.</summary>
public sealed record DeviceAuthResult(ConnectOutcome Outcome, Device? Device)
{
    public bool Accepted => Outcome == ConnectOutcome.Accepted;
}
