using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Protocol.Tests;

public class SignatureVerifierTests
{
    private const string Uri = "/device/reportlog";
    private const string JavaSignature = "jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY=";
    private const string CSignature = "nwMETkeRC5GGqcWnmo0kWAkKJQ4=";
    private const long JavaNonce = 123456789;
    private const long CNonce = 987654321;

    private static readonly string[] GuangzhouOnly = [Vectors.Host];
    private static readonly byte[] JavaBody = Vectors.Bytes("java_body.json");
    private static readonly byte[] CBody = Vectors.Bytes("c_body.json");
    private static readonly DeviceSecret KeyDevice = DeviceSecret.ForKey(Vectors.Psk);

    [Fact]
    public void Verify_HmacSha256Vector_Valid()
    {
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", JavaSignature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_HmacSha1Vector_Valid()
    {
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha1", CSignature, CBody, KeyDevice, nonce: CNonce));
    }

    [Fact]
    public void Verify_RsaVectorWithCertificate_Valid()
    {
        DeviceSecret certificateDevice = DeviceSecret.ForCertificate(Vectors.Text("dev_cert.pem"));

        Assert.Equal(SignatureVerdict.Valid, Verify("rsa-sha256", RequestSignerTests.RsaVectorSignature, JavaBody, certificateDevice));
    }

    [Fact]
    public void Verify_RsaVectorTamperedBody_Invalid()
    {
        DeviceSecret certificateDevice = DeviceSecret.ForCertificate(Vectors.Text("dev_cert.pem"));
        byte[] tampered = [.. JavaBody];
        tampered[20] ^= 1;

        Assert.Equal(SignatureVerdict.Invalid, Verify("rsa-sha256", RequestSignerTests.RsaVectorSignature, tampered, certificateDevice));
    }

    [Fact]
    public void Verify_RsaSignatureForKeyDevice_Invalid()
    {
        Assert.Equal(SignatureVerdict.Invalid, Verify("rsa-sha256", RequestSignerTests.RsaVectorSignature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_MixedCaseHeaderSignedVerbatim_Valid()
    {
        // Rule 1: [D] shows "HmacSha256"; a signer that puts the header text into StringToSign as is.
        string signature = Hmac(SignatureAlgorithm.HmacSha256, Vectors.Psk, Vectors.Host, "HmacSha256", JavaNonce, Sha256Hex(JavaBody));

        Assert.Equal(SignatureVerdict.Valid, Verify("HmacSha256", signature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_MixedCaseHeaderSignedLowercase_Valid()
    {
        Assert.Equal(SignatureVerdict.Valid, Verify("HmacSha256", JavaSignature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_HmacSha1WithSha256BodyHash_Valid()
    {
        // Rule 2: [D] documents SHA-256 body hashes for every algorithm.
        string signature = Hmac(SignatureAlgorithm.HmacSha1, Vectors.Psk, Vectors.Host, "hmacsha1", CNonce, Sha256Hex(CBody));

        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha1", signature, CBody, KeyDevice, nonce: CNonce));
    }

    [Fact]
    public void Verify_HmacSha256WithSha1BodyHash_Invalid()
    {
        string sha1Hex = StringToSign.HashPayloadHex(SignatureAlgorithm.HmacSha1, JavaBody);
        string signature = Hmac(SignatureAlgorithm.HmacSha256, Vectors.Psk, Vectors.Host, "hmacsha256", JavaNonce, sha1Hex);

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", signature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_SignedOverRequestHostWhenConfiguredHostDiffers_Valid()
    {
        // Rule 3: [P]-style signers use the URL's host name.
        string signature = Hmac(SignatureAlgorithm.HmacSha256, Vectors.Psk, "logs.example.com", "hmacsha256", JavaNonce, Sha256Hex(JavaBody));
        string[] hosts = ["logbeam.internal", "logs.example.com", Vectors.Host];

        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", signature, JavaBody, KeyDevice, hosts: hosts));
    }

    [Fact]
    public void Verify_JavaSignatureWhenConfiguredHostDiffers_ValidThroughGuangzhouHost()
    {
        string[] hosts = ["logbeam.internal", "logbeam.internal", "", Vectors.Host];

        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", JavaSignature, JavaBody, KeyDevice, hosts: hosts));
    }

    [Fact]
    public void Verify_HostNotAmongCandidates_Invalid()
    {
        string signature = Hmac(SignatureAlgorithm.HmacSha256, Vectors.Psk, "logs.example.com", "hmacsha256", JavaNonce, Sha256Hex(JavaBody));

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", signature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_EmptyHostList_UsesGuangzhouHost()
    {
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", JavaSignature, JavaBody, KeyDevice, hosts: []));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_PskLongerThan24WithFullOrTruncatedKey_Valid(bool truncated)
    {
        // Rule 4: [P] and /device/publish sign with the full text, the C SDKs with its first 24 characters.
        const string longPsk = "c2VjcmV0LXBzay0xMjM0NQ==-and-a-longer-tail";
        string key = truncated ? longPsk[..24] : longPsk;
        string signature = RequestSigner.SignHmac(SignatureAlgorithm.HmacSha256, key, Vectors.Host, Uri, Vectors.Timestamp, JavaNonce, JavaBody);

        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", signature, JavaBody, DeviceSecret.ForKey(longPsk)));
    }

    [Fact]
    public void Verify_PskBase64Decoded_Invalid()
    {
        // HTTP never decodes the PSK (rule 4); only MQTT does.
        string signature = Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(Vectors.Psk),
            Encoding.UTF8.GetBytes(StringToSign.Build(Vectors.Host, Uri, "hmacsha256", Vectors.Timestamp, JavaNonce, Sha256Hex(JavaBody)))));

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", signature, JavaBody, KeyDevice));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_HexSignature_Valid(bool upperCase)
    {
        // Rule 5: [D] examples show hex signatures.
        string sha256Hex = Convert.ToHexString(Convert.FromBase64String(JavaSignature));
        string sha1Hex = Convert.ToHexString(Convert.FromBase64String(CSignature));
        if (!upperCase)
        {
            sha256Hex = sha256Hex.ToLowerInvariant();
            sha1Hex = sha1Hex.ToLowerInvariant();
        }

        Assert.Equal(64, sha256Hex.Length);
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", sha256Hex, JavaBody, KeyDevice));
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha1", sha1Hex, CBody, KeyDevice, nonce: CNonce));
    }

    [Fact]
    public void Verify_CertificateDeviceHmacWithCertificateKey_Valid()
    {
        // Rule 7: the Java cert sample signs with the first 24 characters of the certificate's first Base64 line.
        string pem = Vectors.Text("dev_cert.pem");
        string certificateKey = pem.Split('\n')[1][..24];
        DeviceSecret certificateDevice = DeviceSecret.ForCertificate(pem);
        string signature = RequestSigner.SignHmac(SignatureAlgorithm.HmacSha256, certificateKey, Vectors.Host, Uri, Vectors.Timestamp, JavaNonce, JavaBody);

        Assert.Equal(certificateKey, certificateDevice.CertificateKey);
        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", signature, JavaBody, certificateDevice));
    }

    [Fact]
    public void Verify_CertificateDeviceHmacWithPsk_Invalid()
    {
        DeviceSecret certificateDevice = DeviceSecret.ForCertificate(Vectors.Text("dev_cert.pem"));

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", JavaSignature, JavaBody, certificateDevice));
    }

    [Fact]
    public void Verify_WrongKey_Invalid()
    {
        string signature = RequestSigner.SignHmac(
            SignatureAlgorithm.HmacSha256, "d3Jvbmcta2V5LTEyMzQ1Ng==", Vectors.Host, Uri, Vectors.Timestamp, JavaNonce, JavaBody);

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", signature, JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_AnotherDevicesKey_Invalid()
    {
        DeviceSecret otherDevice = DeviceSecret.ForKey("b3RoZXItZGV2aWNlLXBzaw==");

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", JavaSignature, JavaBody, otherDevice));
        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha1", CSignature, CBody, otherDevice, nonce: CNonce));
    }

    [Fact]
    public void Verify_TamperedBody_Invalid()
    {
        byte[] tampered = [.. JavaBody];
        tampered[^3] = (byte)'X';

        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", JavaSignature, tampered, KeyDevice));
    }

    [Fact]
    public void Verify_TamperedTimestamp_Invalid()
    {
        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha256", JavaSignature, JavaBody, KeyDevice, timestamp: Vectors.Timestamp + 1));
    }

    [Fact]
    public void Verify_TamperedNonce_Invalid()
    {
        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha1", CSignature, CBody, KeyDevice, nonce: CNonce + 1));
    }

    [Fact]
    public void Verify_SignatureOfOtherAlgorithm_Invalid()
    {
        Assert.Equal(SignatureVerdict.Invalid, Verify("hmacsha1", JavaSignature, JavaBody, KeyDevice));
    }

    [Theory]
    [InlineData("hmacsha512")]
    [InlineData("")]
    [InlineData("hmac-sha256")]
    [InlineData(null)]
    public void Verify_UnknownAlgorithm_UnsupportedAlgorithm(string? header)
    {
        Assert.Equal(SignatureVerdict.UnsupportedAlgorithm, Verify(header!, JavaSignature, JavaBody, KeyDevice));
    }

    [Theory]
    [InlineData("!!! not base64 !!!")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY")]
    [InlineData(null)]
    public void Verify_GarbageSignature_MalformedSignature(string? signature)
    {
        Assert.Equal(SignatureVerdict.MalformedSignature, Verify("hmacsha256", signature!, JavaBody, KeyDevice));
    }

    [Theory]
    [InlineData("hmacsha256", "AAAA")]
    [InlineData("hmacsha1", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("rsa-sha256", "AAAA")]
    [InlineData("rsa-sha256", "jRnsKhMAvQw2jVxr6qvVsx+GlnHJkkgKZCEHxaJGSMY=")]
    [InlineData("hmacsha256", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public void Verify_WellFormedButWrongSignature_InvalidWithoutException(string algorithm, string signature)
    {
        DeviceSecret certificateDevice = DeviceSecret.ForCertificate(Vectors.Text("dev_cert.pem"));

        Assert.Equal(SignatureVerdict.Invalid, Verify(algorithm, signature, JavaBody, KeyDevice));
        Assert.Equal(SignatureVerdict.Invalid, Verify(algorithm, signature, JavaBody, certificateDevice));
    }

    [Fact]
    public void Verify_OversizedSignature_MalformedSignature()
    {
        Assert.Equal(SignatureVerdict.MalformedSignature, Verify("rsa-sha256", new string('A', 100_000), JavaBody, KeyDevice));
    }

    [Fact]
    public void Verify_LongCanonicalHost_UsesPooledBufferAndStillMatches()
    {
        string host = new('h', 5000);
        string signature = RequestSigner.SignHmac(SignatureAlgorithm.HmacSha256, Vectors.Psk, host, Uri, Vectors.Timestamp, JavaNonce, JavaBody);

        Assert.Equal(SignatureVerdict.Valid, Verify("hmacsha256", signature, JavaBody, KeyDevice, hosts: [host]));
    }

    [Fact]
    public void Verify_ManyDevicesAtOnce_EachSignatureMatchesItsOwnKeyOnly()
    {
        // More devices than the verifier keeps keyed contexts for, so they share them; both HMACs on each, from
        // several threads, twice over so the second pass meets the contexts the first one left.
        const int Devices = 6000;
        string[] psks = [.. Enumerable.Range(0, Devices).Select(i => $"psk-{i:D6}-abcdefghijklm")];
        DeviceSecret[] secrets = [.. psks.Select(DeviceSecret.ForKey)];
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, Devices * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int device = i % Devices;
            var algorithm = (i / Devices) % 2 == 0 ? SignatureAlgorithm.HmacSha256 : SignatureAlgorithm.HmacSha1;
            string header = SignatureAlgorithms.WireName(algorithm);
            string signature = RequestSigner.SignHmac(algorithm, psks[device], Vectors.Host, Uri, Vectors.Timestamp, i, JavaBody);
            if (Verify(header, signature, JavaBody, secrets[device], nonce: i) != SignatureVerdict.Valid)
            {
                wrong.Add($"{header} of device {device} refused");
            }

            if (Verify(header, signature, JavaBody, secrets[(device + 1) % Devices], nonce: i) != SignatureVerdict.Invalid)
            {
                wrong.Add($"{header} of device {device} accepted for device {(device + 1) % Devices}");
            }
        });

        Assert.Empty(wrong);
    }

    private static SignatureVerdict Verify(
        string algorithm, string signature, byte[] body, DeviceSecret secret,
        long timestamp = Vectors.Timestamp, long nonce = JavaNonce, string[]? hosts = null) =>
        SignatureVerifier.Verify(algorithm, timestamp, nonce, signature, body, Uri, hosts ?? GuangzhouOnly, secret);

    private static string Sha256Hex(byte[] body) => StringToSign.HashPayloadHex(SignatureAlgorithm.HmacSha256, body);

    private static string Hmac(SignatureAlgorithm algorithm, string key, string host, string algorithmText, long nonce, string hashHex)
    {
        byte[] message = Encoding.UTF8.GetBytes(StringToSign.Build(host, Uri, algorithmText, Vectors.Timestamp, nonce, hashHex));
        byte[] keyBytes = Encoding.UTF8.GetBytes(key);
        return Convert.ToBase64String(algorithm == SignatureAlgorithm.HmacSha1
            ? HMACSHA1.HashData(keyBytes, message)
            : HMACSHA256.HashData(keyBytes, message));
    }
}
