using Logbeam.Protocol;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// The key a TLS-PSK handshake is keyed with: the device's client id (the PSK identity), the PSK Base64-decoded, the
/// secret it comes from, and whether that is the previous key of a rotation's overlap.
/// </summary>
public sealed record TlsPskKey(string Identity, byte[] Key, DeviceSecret Secret, bool IsPrevious);
