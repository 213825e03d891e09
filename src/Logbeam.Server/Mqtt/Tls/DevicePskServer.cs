using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// One TLS-PSK handshake, server side: TLS 1.2 with <see cref="PskCipherSuites.Offered"/>, the key looked up by identity
/// in <paramref name="identities"/>.
/// </summary>
internal sealed class DevicePskServer(TlsCrypto crypto, DevicePskIdentities identities) : PskTlsServer(crypto, identities)
{
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, PskCipherSuites.Offered);
}
