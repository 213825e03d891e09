using Org.BouncyCastle.Tls;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>The TLS 1.2 pre-shared-key suites the TLS port offers, the server's preference first.</summary>
public static class PskCipherSuites
{
    /// <summary>
    /// Forward-secret ECDHE-PSK and AEAD suites for clients that can do better, then the two that Tencent's C SDK offers
    /// (mbedTLS: <c>TLS_PSK_WITH_AES_128_CBC_SHA</c>, <c>TLS_PSK_WITH_AES_256_CBC_SHA</c>).
    /// </summary>
    public static readonly int[] Offered =
    [
        CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_PSK_WITH_AES_256_CBC_SHA,
    ];
}
