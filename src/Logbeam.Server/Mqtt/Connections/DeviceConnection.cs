using System.Security.Cryptography.X509Certificates;

namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// What the transport established about a connection before its CONNECT: how it came, the client certificate it
/// presented, and the identity its TLS-PSK handshake proved (the client id of the device whose key it holds).
/// </summary>
public sealed record DeviceConnection(ConnectionTransport Transport, X509Certificate2? ClientCertificate, string? PskIdentity);
