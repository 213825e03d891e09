namespace Logbeam.Server.Mqtt.Connections;

/// <summary>How a device's MQTT connection reached the broker.</summary>
public enum ConnectionTransport
{
    /// <summary>Plain TCP (<see cref="MqttOptions.Port"/>).</summary>
    Tcp,

    /// <summary>Certificate TLS (<see cref="MqttOptions.TlsPort"/>).</summary>
    Tls,

    /// <summary>WebSocket on the HTTP port (<see cref="MqttOptions.WebSocketPath"/>).</summary>
    WebSocket,
}
