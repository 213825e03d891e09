namespace Logbeam.Protocol;

/// <summary>The outcome of <see cref="SignatureVerifier.Verify"/>.</summary>
public enum SignatureVerdict
{
    /// <summary>The signature matches one of the accepted StringToSign and key combinations.</summary>
    Valid,

    /// <summary>The signature is well formed but matches no accepted combination.</summary>
    Invalid,

    /// <summary>The <c>X-TC-Algorithm</c> header names no supported algorithm.</summary>
    UnsupportedAlgorithm,

    /// <summary>The <c>X-TC-Signature</c> header is neither Base64 nor 40/64 hex characters.</summary>
    MalformedSignature,
}
