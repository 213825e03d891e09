namespace Logbeam.Protocol;

/// <summary>The <c>X-TC-Algorithm</c> values of a signed <c>/device/reportlog</c> request (§4.1).</summary>
public enum SignatureAlgorithm
{
    /// <summary><c>hmacsha256</c>: HMAC-SHA256 with the PSK text, SHA-256 body hash.</summary>
    HmacSha256,

    /// <summary><c>hmacsha1</c>: HMAC-SHA1 with the PSK text, SHA-1 body hash ([C2]/[C15]) or SHA-256 ([D]).</summary>
    HmacSha1,

    /// <summary><c>rsa-sha256</c>: RSASSA-PKCS1-v1_5 with SHA-256 by the device certificate's key.</summary>
    RsaSha256,
}
