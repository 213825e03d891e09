using System.Security.Cryptography.X509Certificates;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// A TLS handshake that succeeded: the decrypted stream, and what it proved: the client certificate presented
/// (certificate TLS), or the device key the client holds (TLS-PSK).
/// </summary>
public sealed record TlsSession(Stream Stream, X509Certificate2? ClientCertificate, TlsPskKey? Psk);
