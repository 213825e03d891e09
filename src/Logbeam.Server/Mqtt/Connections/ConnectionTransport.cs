namespace Logbeam.Server.Mqtt.Connections;

/// <summary>How a device's MQTT connection reached the broker.</summary>
public enum ConnectionTransport
{
    /// <summary>Plain TCP (<see cref="MqttOptions.Port"/>).</summary>
    Tcp,

    /// <summary>Certificate TLS (<see cref="MqttOptions.TlsPort"/>).</summary>
    Tls,

    /// <summary>TLS with a device's pre-shared key (<see cref="MqttOptions.TlsPort"/>).</summary>
    TlsPsk,

    /// <summary>WebSocket on the HTTP port (<see cref="MqttOptions.WebSocketPath"/>).</summary>
    WebSocket,
}
