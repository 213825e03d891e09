namespace Logbeam.Server.Mqtt.Connections;

/// <summary>A client broke one of the connection limits; its connection is closed without reading further.</summary>
public sealed class FrameViolationException(FrameViolation violation)
    : IOException($"MQTT connection closed: {violation}.")
{
    public FrameViolation Violation { get; } = violation;
}
