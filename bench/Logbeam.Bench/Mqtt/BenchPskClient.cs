using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Logbeam.Bench.Mqtt;

/// <summary>
/// The client side of one TLS-PSK handshake as Tencent's C SDK makes it: TLS 1.2, <c>TLS_PSK_WITH_AES_128_CBC_SHA</c>
/// only, the identity and key given.
/// </summary>
internal sealed class BenchPskClient(TlsCrypto crypto, string identity, byte[] psk)
    : PskTlsClient(crypto, new BasicTlsPskIdentity(identity, psk))
{
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA];
}
