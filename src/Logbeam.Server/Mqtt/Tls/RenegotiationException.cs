namespace Logbeam.Server.Mqtt.Tls;

/// <summary>A TLS-PSK client asked to renegotiate; the connection is closed.</summary>
public sealed class RenegotiationException() : IOException("The client asked to renegotiate TLS; the connection is closed.");
