namespace Logbeam.Server.Mqtt;

/// <summary>Where devices connect for the <c>$log</c> and <c>$sys</c> exchanges.</summary>
public enum MqttMode
{
    /// <summary>MQTTnet's broker inside the server: TCP, TLS and WebSocket, with device authentication and topic ACL.</summary>
    Embedded,

    /// <summary>Logbeam is a client of another broker (Mosquitto, EMQX…), which authenticates devices.</summary>
    External,

    /// <summary>No MQTT at all: HTTP upload only, levels are read through the API.</summary>
    Disabled,
}
