using System.Security.Cryptography.X509Certificates;
using Logbeam.Server.Mqtt.Tls;

namespace Logbeam.Server.Mqtt.Connections;

/// <summary>
/// What the transport established about a connection before its CONNECT: how it came, the client certificate it
/// presented, and the key its TLS-PSK handshake proved the client holds (of the device whose client id is its identity).
/// </summary>
public sealed record DeviceConnection(ConnectionTransport Transport, X509Certificate2? ClientCertificate, TlsPskKey? Psk);
