using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>
/// Checks the <c>X-TC-Signature</c> of a <c>/device/reportlog</c> (or <c>/device/publish</c>) request, accepting every
/// variant the SDKs and the documentation produce (§4, §8 rules 1–5 and 7).
/// </summary>
public static class SignatureVerifier
{
    // Enough for an RSA-8192 signature; anything longer is not a signature.
    private const int MaxSignatureBytes = 1024;
    private const int MaxSignatureChars = 1400;
    private const int StackStringToSignBytes = 1024;

    private static readonly string[] DefaultHosts = [ReportLogHeaders.DefaultCanonicalHost];

    /// <summary>
    /// Verifies a signature. Tries, in order: the SHA-1 then SHA-256 body hash for <c>hmacsha1</c> (SHA-256 only for the
    /// others); the algorithm header verbatim, then in lower case if that differs; each distinct candidate host; and
    /// for key devices the full PSK, then its first 24 characters if it is longer. Certificate devices are checked with
    /// <see cref="DeviceSecret.CertificateKey"/> for HMAC and <see cref="DeviceSecret.PublicKey"/> for <c>rsa-sha256</c>.
    /// The signature may be Base64, or hex when it is 40 or 64 hex characters. Comparisons are constant time.
    /// </summary>
    /// <param name="algorithmHeader">The <c>X-TC-Algorithm</c> header as received.</param>
    /// <param name="timestamp">The parsed <c>X-TC-Timestamp</c>.</param>
    /// <param name="nonce">The parsed <c>X-TC-Nonce</c>.</param>
    /// <param name="signature">The <c>X-TC-Signature</c> header as received.</param>
    /// <param name="body">The exact raw body bytes.</param>
    /// <param name="canonicalUri">The CanonicalURI, for example <see cref="ReportLogHeaders.CanonicalUri"/>.</param>
    /// <param name="candidateHosts">
    /// The hosts to try, in order: the configured canonical host, the request <c>Host</c> without port, and
    /// <see cref="ReportLogHeaders.DefaultCanonicalHost"/>. Duplicates and empty entries are skipped; an empty list
    /// means the default host alone.
    /// </param>
    /// <param name="secret">The device's secret.</param>
    /// <returns>The verdict; bad input gives a verdict, never an exception.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidateHosts"/>, <paramref name="canonicalUri"/> or <paramref name="secret"/> is null.</exception>
    public static SignatureVerdict Verify(
        string algorithmHeader, long timestamp, long nonce, string signature, ReadOnlySpan<byte> body,
        string canonicalUri, IReadOnlyList<string> candidateHosts, DeviceSecret secret)
    {
        ArgumentNullException.ThrowIfNull(canonicalUri);
        ArgumentNullException.ThrowIfNull(candidateHosts);
        ArgumentNullException.ThrowIfNull(secret);
        if (algorithmHeader is null || !SignatureAlgorithms.TryParse(algorithmHeader, out SignatureAlgorithm algorithm))
        {
            return SignatureVerdict.UnsupportedAlgorithm;
        }

        Span<byte> provided = stackalloc byte[MaxSignatureBytes];
        if (!TryDecodeSignature(signature, provided, out int providedLength))
        {
            return SignatureVerdict.MalformedSignature;
        }

        provided = provided[..providedLength];
        if (!CanMatch(algorithm, provided.Length, secret))
        {
            return SignatureVerdict.Invalid;
        }

        IReadOnlyList<string> hosts = candidateHosts.Count == 0 ? DefaultHosts : candidateHosts;
        string wireName = SignatureAlgorithms.WireName(algorithm);
        bool headerIsWireName = string.Equals(algorithmHeader, wireName, StringComparison.Ordinal);

        // Each hash algorithm runs over the body once, whatever the number of candidates.
        Span<char> sha256Hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        StringToSign.WriteHashHex(sha1: false, body, sha256Hex);
        Span<char> sha1Hex = stackalloc char[SHA1.HashSizeInBytes * 2];
        bool trySha1 = algorithm == SignatureAlgorithm.HmacSha1;
        if (trySha1)
        {
            StringToSign.WriteHashHex(sha1: true, body, sha1Hex);
        }

        // Indexed loops: foreach over the interface would allocate an enumerator per request.
        int longestHost = 0;
        for (int index = 0; index < hosts.Count; index++)
        {
            longestHost = Math.Max(longestHost, hosts[index]?.Length ?? 0);
        }

        int maxLength = StringToSign.MaxUtf8Length([], canonicalUri, algorithmHeader, sha256Hex.Length)
            + Encoding.UTF8.GetMaxByteCount(longestHost);
        byte[]? rented = null;
        Span<byte> message = maxLength <= StackStringToSignBytes
            ? stackalloc byte[StackStringToSignBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxLength));
        try
        {
            for (int hashIndex = 0; hashIndex < (trySha1 ? 2 : 1); hashIndex++)
            {
                ReadOnlySpan<char> hash = trySha1 && hashIndex == 0 ? sha1Hex : sha256Hex;
                for (int spelling = 0; spelling < (headerIsWireName ? 1 : 2); spelling++)
                {
                    string algorithmText = spelling == 0 ? algorithmHeader : wireName;
                    for (int index = 0; index < hosts.Count; index++)
                    {
                        if (IsRepeatOrEmpty(hosts, index))
                        {
                            continue;
                        }

                        int length = StringToSign.WriteUtf8(message, hosts[index], canonicalUri, algorithmText, timestamp, nonce, hash);
                        if (Matches(algorithm, message[..length], provided, secret))
                        {
                            return SignatureVerdict.Valid;
                        }
                    }
                }
            }

            return SignatureVerdict.Invalid;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool TryDecodeSignature(string? signature, Span<byte> destination, out int length)
    {
        length = 0;
        if (signature is null || signature.Length > MaxSignatureChars)
        {
            return false;
        }

        ReadOnlySpan<char> text = signature.AsSpan().Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        // [D] examples show hex; 40 or 64 Base64 characters decode to 30 or 48 bytes, which no algorithm produces,
        // so reading such values as hex first takes nothing away from Base64.
        if (text.Length is 40 or 64 && Convert.FromHexString(text, destination, out _, out length) == OperationStatus.Done)
        {
            return true;
        }

        return Convert.TryFromBase64Chars(text, destination, out length) && length > 0;
    }

    private static bool CanMatch(SignatureAlgorithm algorithm, int signatureLength, DeviceSecret secret) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => signatureLength == HMACSHA256.HashSizeInBytes,
        SignatureAlgorithm.HmacSha1 => signatureLength == HMACSHA1.HashSizeInBytes,
        _ => secret.PublicKey is not null,
    };

    private static bool IsRepeatOrEmpty(IReadOnlyList<string> hosts, int index)
    {
        string host = hosts[index];
        if (string.IsNullOrEmpty(host))
        {
            return true;
        }

        for (int earlier = 0; earlier < index; earlier++)
        {
            if (string.Equals(hosts[earlier], host, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(
        SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> provided, DeviceSecret secret)
    {
        if (algorithm == SignatureAlgorithm.RsaSha256)
        {
            return secret.VerifyRsa(message, provided);
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (byte[] key in secret.HmacKeys)
        {
            int length = KeyedHmacs.Compute(algorithm == SignatureAlgorithm.HmacSha1, key, message, mac);
            if (CryptographicOperations.FixedTimeEquals(mac[..length], provided))
            {
                return true;
            }
        }

        return false;
    }
}
