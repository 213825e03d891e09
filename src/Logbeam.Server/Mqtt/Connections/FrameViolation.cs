namespace Logbeam.Server.Mqtt.Connections;

/// <summary>Why <see cref="MqttFrameGuard"/> stopped a connection; the names are the <c>reason</c> label in <c>/metrics</c>.</summary>
public enum FrameViolation
{
    /// <summary>Nothing wrong.</summary>
    None,

    /// <summary>The first packet was not a CONNECT.</summary>
    NotConnect,

    /// <summary>A remaining length of more than four bytes (MQTT 3.1.1 §2.2.3, MQTT 5 §1.5.5).</summary>
    MalformedLength,

    /// <summary>A CONNECT larger than <see cref="MqttOptions.MaxConnectBytes"/>.</summary>
    ConnectTooLarge,

    /// <summary>A packet larger than <see cref="MqttOptions.MaxPacketBytes"/>.</summary>
    PacketTooLarge,
}
