using System.Buffers;
using System.Text;
using CsCheck;

namespace Logbeam.Protocol.Tests.Properties;

/// <summary>
/// The <c>X-TC-Algorithm</c> and <c>X-TC-Signature</c> headers through <see cref="SignatureVerifier.Verify"/>: any
/// header values get a verdict, never an exception, and only a signature of these exact bytes is valid.
/// </summary>
public class SignatureVerifierProperties
{
    private const string Psk = "c2VjcmV0LXBzay0xMjM0NQ==";

    private static readonly DeviceSecret Secret = DeviceSecret.ForKey(Psk);

    private static readonly string[] Hosts = [ReportLogHeaders.DefaultCanonicalHost];

    private static readonly Gen<Request> ValidRequest =
        from algorithm in Gen.OneOf(SignatureAlgorithm.HmacSha256, SignatureAlgorithm.HmacSha1)
        from header in Gen.OneOf(SignatureAlgorithms.WireName(algorithm), SignatureAlgorithms.WireName(algorithm).ToUpperInvariant())
        from timestamp in Gen.Long[0, 4_000_000_000]
        from nonce in Gen.Long[0, int.MaxValue]
        from body in Gen.Byte.Array[0, 200]
        select new Request(header, timestamp, nonce, body,
            RequestSigner.SignHmac(algorithm, Psk, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, timestamp, nonce, body));

    private static readonly Gen<(Request Original, Request Edited)> EditedRequest =
        from request in ValidRequest
        from which in Gen.Int[0, 2]
        from editedText in Mutations.Of(which == 0 ? request.Algorithm : request.Signature)
        from editedBody in Mutations.Of(request.Body)
        select (request, which switch
        {
            0 => request with { Algorithm = editedText },
            1 => request with { Signature = editedText },
            _ => request with { Body = editedBody },
        });

    [Fact]
    public void Verify_SignedRequest_Valid()
    {
        PropertyRun.ForAll(ValidRequest, request => Assert.Equal(SignatureVerdict.Valid, Verify(request)), request => request.ToString());
    }

    [Fact]
    public void Verify_RequestWithOneEdit_ValidOnlyForTheSameAlgorithmSignatureAndBody()
    {
        PropertyRun.ForAll(EditedRequest, input =>
        {
            (Request original, Request edited) = input;
            bool same = string.Equals(edited.Algorithm, original.Algorithm, StringComparison.OrdinalIgnoreCase)
                && edited.Body.AsSpan().SequenceEqual(original.Body)
                && Base64Bytes(edited.Signature).SequenceEqual(Base64Bytes(original.Signature));
            Assert.Equal(same, Verify(edited) == SignatureVerdict.Valid);
        }, input => $"{PropertyRun.Show(input.Edited.Algorithm)} {PropertyRun.Show(input.Edited.Signature)} {PropertyRun.Show(input.Edited.Body)}");
    }

    [Fact]
    public void Verify_RandomHeaders_VerdictWithoutException()
    {
        Gen<string?> header = Gen.Frequency<string>(
            (2, Gen.String), (1, Gen.OneOf("hmacsha256", "HmacSha1", "rsa-sha256", "")),
            (1, Gen.Char["0123456789abcdefABCDEF+/= "].Array[0, 90].Select(chars => new string(chars)))).Null(0.05);
        PropertyRun.ForAll(Gen.Select(header, header, Gen.Byte.Array[0, 100]), input =>
        {
            (string? algorithm, string? signature, byte[] body) = input;
            SignatureVerdict verdict = SignatureVerifier.Verify(
                algorithm!, 1_700_000_000, 1, signature!, body, ReportLogHeaders.CanonicalUri, Hosts, Secret);
            Assert.NotEqual(SignatureVerdict.Valid, verdict);
            Assert.True(Enum.IsDefined(verdict));
        }, input => $"{PropertyRun.Show(input.Item1)} {PropertyRun.Show(input.Item2)}");
    }

    private static SignatureVerdict Verify(Request request) =>
        SignatureVerifier.Verify(request.Algorithm, request.Timestamp, request.Nonce, request.Signature, request.Body, ReportLogHeaders.CanonicalUri, Hosts, Secret);

    // What a Base64 header value says, read the way a lenient decoder does (white space skipped); nothing if it is not Base64.
    private static byte[] Base64Bytes(string text)
    {
        var bytes = new byte[Math.Max(text.Length, 1)];
        return Convert.TryFromBase64String(text.Trim(), bytes, out int length) ? bytes[..length] : [];
    }

    /// <summary>A signed request's headers and body.</summary>
    public sealed record Request(string Algorithm, long Timestamp, long Nonce, byte[] Body, string Signature);
}
