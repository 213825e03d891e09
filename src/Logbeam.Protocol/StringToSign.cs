using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol;

/// <summary>The StringToSign of a signed gateway request (§4.2).</summary>
public static class StringToSign
{
    // Longest decimal long ("-9223372036854775808") is 20 characters.
    private const int MaxDecimalLength = 20;

    /// <summary>
    /// Joins the eight fields <c>POST</c>, host, URI, empty query, algorithm, timestamp, nonce and payload hash with
    /// single LF characters, without a trailing LF. Numbers are plain decimals, like C's <c>%d</c>.
    /// </summary>
    /// <param name="host">The CanonicalHost, without port.</param>
    /// <param name="canonicalUri">The CanonicalURI, for example <see cref="ReportLogHeaders.CanonicalUri"/>.</param>
    /// <param name="algorithm">The algorithm text exactly as it is (or will be) in <c>X-TC-Algorithm</c>.</param>
    /// <param name="timestamp">The <c>X-TC-Timestamp</c> value.</param>
    /// <param name="nonce">The <c>X-TC-Nonce</c> value.</param>
    /// <param name="hashedPayloadHex">The lowercase hex hash of the raw body (see <see cref="HashPayloadHex"/>).</param>
    /// <returns>The StringToSign.</returns>
    public static string Build(string host, string canonicalUri, string algorithm, long timestamp, long nonce, string hashedPayloadHex) =>
        string.Create(CultureInfo.InvariantCulture, $"POST\n{host}\n{canonicalUri}\n\n{algorithm}\n{timestamp}\n{nonce}\n{hashedPayloadHex}");

    /// <summary>
    /// The HashedPayload field: SHA-1 for <see cref="SignatureAlgorithm.HmacSha1"/> as the C SDKs do, SHA-256 otherwise;
    /// lowercase hex.
    /// </summary>
    /// <param name="algorithm">The signature algorithm.</param>
    /// <param name="body">The exact raw body bytes.</param>
    /// <returns>40 or 64 lowercase hex characters.</returns>
    public static string HashPayloadHex(SignatureAlgorithm algorithm, ReadOnlySpan<byte> body)
    {
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        return new string(hex[..WriteHashHex(algorithm == SignatureAlgorithm.HmacSha1, body, hex)]);
    }

    /// <summary>Writes the lowercase hex SHA-1 (or SHA-256) of <paramref name="body"/>; returns the characters written.</summary>
    internal static int WriteHashHex(bool sha1, ReadOnlySpan<byte> body, Span<char> destination)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        int length = sha1 ? SHA1.HashData(body, hash) : SHA256.HashData(body, hash);
        Convert.TryToHexStringLower(hash[..length], destination, out int written);
        return written;
    }

    /// <summary>An upper bound on the UTF-8 length of the StringToSign for these variable parts.</summary>
    internal static int MaxUtf8Length(ReadOnlySpan<char> host, ReadOnlySpan<char> canonicalUri, ReadOnlySpan<char> algorithm, int hashLength) =>
        "POST".Length + 7 + Encoding.UTF8.GetMaxByteCount(host.Length + canonicalUri.Length + algorithm.Length)
            + (2 * MaxDecimalLength) + hashLength;

    /// <summary>
    /// Writes the UTF-8 StringToSign into <paramref name="destination"/>, which must hold
    /// <see cref="MaxUtf8Length"/> bytes, so the verifier can sign candidates without building strings.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    internal static int WriteUtf8(
        Span<byte> destination, ReadOnlySpan<char> host, ReadOnlySpan<char> canonicalUri, ReadOnlySpan<char> algorithm,
        long timestamp, long nonce, ReadOnlySpan<char> hashedPayloadHex)
    {
        int at = 0;
        at += Append(destination, at, "POST\n"u8);
        at += Encoding.UTF8.GetBytes(host, destination[at..]);
        at += Append(destination, at, "\n"u8);
        at += Encoding.UTF8.GetBytes(canonicalUri, destination[at..]);
        at += Append(destination, at, "\n\n"u8);
        at += Encoding.UTF8.GetBytes(algorithm, destination[at..]);
        at += Append(destination, at, "\n"u8);
        timestamp.TryFormat(destination[at..], out int written, default, CultureInfo.InvariantCulture);
        at += written;
        at += Append(destination, at, "\n"u8);
        nonce.TryFormat(destination[at..], out written, default, CultureInfo.InvariantCulture);
        at += written;
        at += Append(destination, at, "\n"u8);
        at += Encoding.UTF8.GetBytes(hashedPayloadHex, destination[at..]);
        return at;
    }

    private static int Append(Span<byte> destination, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination[at..]);
        return text.Length;
    }
}
