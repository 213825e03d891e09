using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Logbeam.Server.Mqtt.Tls;

/// <summary>
/// The TLS port's handshake, for both kinds of device on one port: a client whose ClientHello offers a pre-shared-key
/// suite (Tencent's C SDK with a device key) gets TLS-PSK through BouncyCastle, keyed by <paramref name="pskOf"/>, and
/// a handshake that fails with a device's key is told to <paramref name="pskFailed"/>; any other gets certificate TLS
/// through <see cref="SslStream"/>, when a <paramref name="certificate"/> is configured.
/// </summary>
public sealed class TlsFront(X509Certificate2? certificate, Func<string, TlsPskKey?> pskOf, Action<TlsPskKey> pskFailed)
{
    private static readonly BcTlsCrypto Crypto = new(new SecureRandom());

    /// <summary>
    /// Runs the handshake on <paramref name="transport"/> and returns the decrypted stream with what it proved; throws
    /// <see cref="TlsRefusedException"/> with the reason when it fails.
    /// </summary>
    public async Task<TlsSession> AcceptAsync(Stream transport, CancellationToken cancellationToken)
    {
        var record = await ReadClientHelloAsync(transport, cancellationToken).ConfigureAwait(false);
        var replayed = new PrefixedStream(record, transport);
        if (ClientHello.OffersAny(record.AsSpan(ClientHello.RecordHeaderLength), PskCipherSuites.Offered))
        {
            var identities = new DevicePskIdentities(pskOf);
            try
            {
                var psk = await PskTlsStream.AcceptAsync(replayed, new DevicePskServer(Crypto, identities), cancellationToken).ConfigureAwait(false);
                return new TlsSession(psk, null, identities.Key);
            }
            catch (AuthenticationException e)
            {
                if (identities.Key is { } key)
                {
                    pskFailed(key);
                }

                throw new TlsRefusedException(identities.UnknownIdentity ? "psk_unknown_identity" : "psk_handshake", e);
            }
        }

        if (certificate is null)
        {
            throw new TlsRefusedException("no_shared_cipher");
        }

        var tls = new SslStream(replayed, leaveInnerStreamOpen: false, (_, _, _, _) => true);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                // Certificate devices are identified at CONNECT by the certificate they sent; others send none.
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new TlsRefusedException("tls_handshake", e);
        }

        var presented = tls.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
        return new TlsSession(tls, presented, null);
    }

    private static async Task<byte[]> ReadClientHelloAsync(Stream transport, CancellationToken cancellationToken)
    {
        var header = new byte[ClientHello.RecordHeaderLength];
        try
        {
            await transport.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
            var length = ClientHello.RecordLength(header);
            if (length < 0)
            {
                throw new TlsRefusedException("not_tls");
            }

            var record = new byte[ClientHello.RecordHeaderLength + length];
            header.CopyTo(record, 0);
            await transport.ReadExactlyAsync(record.AsMemory(ClientHello.RecordHeaderLength), cancellationToken).ConfigureAwait(false);
            return record;
        }
        catch (EndOfStreamException e)
        {
            throw new TlsRefusedException("not_tls", e);
        }
    }
}
