namespace Logbeam.Server.Mqtt;

/// <summary>The MQTT side of the platform (section <c>Mqtt</c>).</summary>
public sealed class MqttOptions
{
    public const string Section = "Mqtt";

    /// <summary>Embedded broker, external broker, or none. The default value is <see cref="MqttMode.Embedded"/>.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>The address the embedded broker listens on. The default value is <c>127.0.0.1</c>; use <c>0.0.0.0</c> for every interface.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The plain TCP port; 0 picks a free one, -1 turns plain TCP off. The default value is 1883.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// The TLS port: TLS-PSK for key devices always, certificate TLS as well when <see cref="MqttTlsOptions.CertificatePath"/>
    /// is set; 0 picks a free one, -1 turns TLS off. The default value is 8883.
    /// </summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>The path of MQTT over WebSocket on the HTTP port; empty turns it off. The default value is <c>/mqtt</c>.</summary>
    public string WebSocketPath { get; set; } = "/mqtt";

    /// <summary>
    /// The largest CONNECT a client may send, in bytes, fixed header included. It comes before the client is
    /// authenticated; a larger one closes the connection before its body is read. The default value is 16,384 (a
    /// Tencent SDK's CONNECT is under 300 bytes).
    /// </summary>
    public int MaxConnectBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The largest packet a connected device may send, in bytes, fixed header included; a larger one closes the
    /// connection before its body is read, and MQTT 5 clients are told the bound in CONNACK (Maximum Packet Size). The
    /// default value is 65,536 (the requests devices send here are under 1 KiB).
    /// </summary>
    public int MaxPacketBytes { get; set; } = 64 * 1024;

    /// <summary>How long a new connection has to finish its TLS handshake and send its CONNECT. The default value is 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most MQTT connections open at once, on every transport; past it a new connection is closed at once and
    /// counted (<c>logbeam_mqtt_connections_closed_total{reason="max_connections"}</c>). The default value is 100,000.
    /// </summary>
    public int MaxConnections { get; set; } = 100_000;

    /// <summary>The server certificate of the TLS port.</summary>
    public MqttTlsOptions Tls { get; set; } = new();

    /// <summary>The broker to connect to when <see cref="Mode"/> is <see cref="MqttMode.External"/>.</summary>
    public ExternalBrokerOptions External { get; set; } = new();
}
