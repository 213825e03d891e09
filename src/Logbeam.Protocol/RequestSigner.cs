using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>Signs a gateway request the way the device SDKs do (§4.3). Used by the device library and by tests.</summary>
public static class RequestSigner
{
    /// <summary>
    /// <c>Base64(HMAC(key, UTF8(StringToSign)))</c>. The key is the text of <paramref name="key"/> as given: the SDKs
    /// never Base64-decode it for HTTP, and callers choose between the full PSK and its first 24 characters.
    /// </summary>
    /// <param name="algorithm"><see cref="SignatureAlgorithm.HmacSha256"/> or <see cref="SignatureAlgorithm.HmacSha1"/>.</param>
    /// <param name="key">The PSK (or its first 24 characters, or a certificate key).</param>
    /// <param name="host">The CanonicalHost.</param>
    /// <param name="canonicalUri">The CanonicalURI.</param>
    /// <param name="timestamp">The <c>X-TC-Timestamp</c> value.</param>
    /// <param name="nonce">The <c>X-TC-Nonce</c> value.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <returns>The <c>X-TC-Signature</c> value.</returns>
    /// <exception cref="ArgumentException"><paramref name="algorithm"/> is not an HMAC algorithm.</exception>
    public static string SignHmac(
        SignatureAlgorithm algorithm, string key, string host, string canonicalUri, long timestamp, long nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (algorithm is not (SignatureAlgorithm.HmacSha256 or SignatureAlgorithm.HmacSha1))
        {
            throw new ArgumentException("SignHmac needs hmacsha256 or hmacsha1; use SignRsa for rsa-sha256.", nameof(algorithm));
        }

        byte[] message = StringToSignBytes(algorithm, host, canonicalUri, timestamp, nonce, body);
        byte[] keyBytes = Encoding.UTF8.GetBytes(key);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        int length = algorithm == SignatureAlgorithm.HmacSha1
            ? HMACSHA1.HashData(keyBytes, message, mac)
            : HMACSHA256.HashData(keyBytes, message, mac);
        CryptographicOperations.ZeroMemory(keyBytes);
        return Convert.ToBase64String(mac[..length]);
    }

    /// <summary><c>Base64(RSASSA-PKCS1-v1_5-SHA256(privateKey, UTF8(StringToSign)))</c> with algorithm <c>rsa-sha256</c>.</summary>
    /// <param name="privateKey">The device's RSA private key.</param>
    /// <param name="host">The CanonicalHost.</param>
    /// <param name="canonicalUri">The CanonicalURI.</param>
    /// <param name="timestamp">The <c>X-TC-Timestamp</c> value.</param>
    /// <param name="nonce">The <c>X-TC-Nonce</c> value.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <returns>The <c>X-TC-Signature</c> value.</returns>
    public static string SignRsa(RSA privateKey, string host, string canonicalUri, long timestamp, long nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        byte[] message = StringToSignBytes(SignatureAlgorithm.RsaSha256, host, canonicalUri, timestamp, nonce, body);
        return Convert.ToBase64String(privateKey.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static byte[] StringToSignBytes(
        SignatureAlgorithm algorithm, string host, string canonicalUri, long timestamp, long nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(canonicalUri);
        string wireName = SignatureAlgorithms.WireName(algorithm);
        Span<char> hash = stackalloc char[SHA256.HashSizeInBytes * 2];
        hash = hash[..StringToSign.WriteHashHex(algorithm == SignatureAlgorithm.HmacSha1, body, hash)];

        byte[] buffer = ArrayPool<byte>.Shared.Rent(StringToSign.MaxUtf8Length(host, canonicalUri, wireName, hash.Length));
        try
        {
            int length = StringToSign.WriteUtf8(buffer, host, canonicalUri, wireName, timestamp, nonce, hash);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
