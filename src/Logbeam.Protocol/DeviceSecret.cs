using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>
/// What the platform knows about one device's credentials: a PSK for key devices, or the certificate for
/// certificate devices. Immutable and safe to share between threads.
/// </summary>
public sealed class DeviceSecret
{
    /// <summary>The C SDKs sign with the first 24 characters of a key (<c>SIGN_KEY_SIZE</c>).</summary>
    internal const int SignKeyLength = 24;

    private const string CertificateBegin = "-----BEGIN CERTIFICATE-----";

    // RSA objects are not documented as thread-safe; one device's uploads may be verified concurrently.
    private readonly Lock _publicKeyGate = new();

    private DeviceSecret(string? psk, string? certificateKey, RSA? publicKey)
    {
        Psk = psk;
        CertificateKey = certificateKey;
        PublicKey = publicKey;

        // §8 rule 4 and rule 7: the full PSK text, then its first 24 characters; the certificate key for cert devices.
        string key = certificateKey ?? psk!;
        HmacKeys = key.Length > SignKeyLength
            ? [Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(key[..SignKeyLength])]
            : [Encoding.UTF8.GetBytes(key)];
    }

    /// <summary>The PSK text as issued, for key devices; <see langword="null"/> for certificate devices.</summary>
    public string? Psk { get; }

    /// <summary>
    /// For certificate devices, the first 24 characters of the first Base64 line of the certificate PEM
    /// (§8.7, §8.19): the key the C SDK signs legacy frames with and the Java cert sample uses for HMAC.
    /// </summary>
    public string? CertificateKey { get; }

    /// <summary>The certificate's RSA public key, which verifies <c>rsa-sha256</c>; <see langword="null"/> otherwise.</summary>
    public RSA? PublicKey { get; }

    /// <summary>The HMAC keys to try, in order, as bytes encoded once rather than per request.</summary>
    internal byte[][] HmacKeys { get; }

    /// <summary>Whether this is a certificate device.</summary>
    public bool IsCertificate => CertificateKey is not null;

    /// <summary>
    /// The key for legacy frames (§5.2): the PSK's first 24 characters for key devices, <see cref="CertificateKey"/>
    /// for certificate devices.
    /// </summary>
    public string LegacySignKey => CertificateKey ?? (Psk!.Length > SignKeyLength ? Psk[..SignKeyLength] : Psk);

    /// <summary>The secret of a key device.</summary>
    /// <param name="psk">The device PSK exactly as issued (normally 24 Base64 characters).</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentException"><paramref name="psk"/> is null or empty.</exception>
    public static DeviceSecret ForKey(string psk)
    {
        ArgumentException.ThrowIfNullOrEmpty(psk);
        return new DeviceSecret(psk, null, null);
    }

    /// <summary>The secret of a certificate device, read from its certificate PEM.</summary>
    /// <param name="certificatePem">The device certificate in PEM form, <c>-----BEGIN CERTIFICATE-----</c> first.</param>
    /// <returns>The secret, with <see cref="PublicKey"/> set when the certificate holds an RSA key.</returns>
    /// <exception cref="FormatException">The text is not a readable certificate PEM.</exception>
    public static DeviceSecret ForCertificate(string certificatePem)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        string certificateKey = ReadCertificateKey(certificatePem);
        try
        {
            using X509Certificate2 certificate = X509Certificate2.CreateFromPem(certificatePem);
            return new DeviceSecret(null, certificateKey, certificate.GetRSAPublicKey());
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new FormatException(
                "The device certificate PEM could not be decoded; supply the PEM text of an X.509 certificate.", exception);
        }
    }

    /// <summary>Checks an RSA-SHA256 PKCS#1 v1.5 signature with <see cref="PublicKey"/>; false if there is none.</summary>
    internal bool VerifyRsa(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (PublicKey is null)
        {
            return false;
        }

        lock (_publicKeyGate)
        {
            try
            {
                return PublicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }

    // [C] _gen_key_from_cert_file: the first line after the BEGIN line, first 24 characters.
    private static string ReadCertificateKey(string pem)
    {
        int begin = pem.IndexOf(CertificateBegin, StringComparison.Ordinal);
        if (begin < 0)
        {
            throw new FormatException("The device certificate is not PEM text; it must contain a '-----BEGIN CERTIFICATE-----' line.");
        }

        ReadOnlySpan<char> rest = pem.AsSpan(begin + CertificateBegin.Length);
        int lineBreak = rest.IndexOf('\n');
        rest = lineBreak < 0 ? [] : rest[(lineBreak + 1)..];
        int end = rest.IndexOfAny('\r', '\n');
        ReadOnlySpan<char> firstLine = end < 0 ? rest : rest[..end];
        if (firstLine.Length < SignKeyLength || firstLine.StartsWith("-----", StringComparison.Ordinal))
        {
            throw new FormatException(
                "The device certificate PEM has no Base64 line of at least 24 characters after its BEGIN line.");
        }

        return firstLine[..SignKeyLength].ToString();
    }
}
