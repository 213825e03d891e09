namespace Logbeam.Server.Mqtt;

/// <summary>The broker Logbeam connects to as a client in external mode (section <c>Mqtt:External</c>).</summary>
public sealed class ExternalBrokerOptions
{
    /// <summary>The broker's host name or address. The default value is <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The broker's port. The default value is 1883 (use 8883 with <see cref="UseTls"/>).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Whether to connect over TLS, checking the broker's certificate. The default value is <see langword="false"/>.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// The username Logbeam connects with. <c>/mqtt/auth</c> allows it, as a superuser, when the broker asks.
    /// The default value is <see langword="null"/> (none).
    /// </summary>
    public string? Username { get; set; }

    /// <summary>The password Logbeam connects with. The default value is <see langword="null"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Logbeam's MQTT client id; it must not be a device's. The default value is <c>logbeam</c>.</summary>
    public string ClientId { get; set; } = "logbeam";

    /// <summary>How long to wait between reconnection attempts, in seconds. The default value is 2.</summary>
    public int ReconnectDelaySeconds { get; set; } = 2;
}
