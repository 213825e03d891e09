namespace Logbeam.Protocol;

/// <summary>Conversions between <see cref="SignatureAlgorithm"/> and the <c>X-TC-Algorithm</c> header.</summary>
public static class SignatureAlgorithms
{
    /// <summary>
    /// Reads an <c>X-TC-Algorithm</c> header, ignoring case (§8 rule 1: [D] shows <c>HmacSha256</c>, the SDKs send lower case).
    /// </summary>
    /// <param name="headerValue">The header value as received.</param>
    /// <param name="algorithm">The algorithm when recognised.</param>
    /// <returns><see langword="true"/> for <c>hmacsha256</c>, <c>hmacsha1</c> or <c>rsa-sha256</c> in any case.</returns>
    public static bool TryParse(ReadOnlySpan<char> headerValue, out SignatureAlgorithm algorithm)
    {
        if (headerValue.Equals("hmacsha256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = SignatureAlgorithm.HmacSha256;
            return true;
        }

        if (headerValue.Equals("hmacsha1", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = SignatureAlgorithm.HmacSha1;
            return true;
        }

        if (headerValue.Equals("rsa-sha256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = SignatureAlgorithm.RsaSha256;
            return true;
        }

        algorithm = default;
        return false;
    }

    /// <summary>The header value every SDK sends, in lower case.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns><c>hmacsha256</c>, <c>hmacsha1</c> or <c>rsa-sha256</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not defined.</exception>
    public static string WireName(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.HmacSha256 => "hmacsha256",
        SignatureAlgorithm.HmacSha1 => "hmacsha1",
        SignatureAlgorithm.RsaSha256 => "rsa-sha256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm."),
    };
}
