using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Logbeam.Protocol;

namespace Logbeam.Bench.Micro;

/// <summary><see cref="SignatureVerifier.Verify"/> of a valid request, per algorithm, on a 50-line body.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private static readonly string[] Hosts = [ReportLogHeaders.DefaultCanonicalHost, "127.0.0.1"];

    private byte[] _body = [];
    private DeviceSecret _secret = DeviceSecret.ForKey(Samples.Psk);
    private string _signature = string.Empty;
    private string _algorithmHeader = string.Empty;

    [Params(SignatureAlgorithm.HmacSha256, SignatureAlgorithm.HmacSha1, SignatureAlgorithm.RsaSha256)]
    public SignatureAlgorithm Algorithm { get; set; }

    [Params(1, 50)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Samples.Body(Lines);
        _algorithmHeader = SignatureAlgorithms.WireName(Algorithm);
        if (Algorithm == SignatureAlgorithm.RsaSha256)
        {
            var (key, secret) = Samples.CertificateDevice();
            _secret = secret;
            _signature = RequestSigner.SignRsa(key, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, Samples.Timestamp, Samples.Nonce, _body);
        }
        else
        {
            _secret = DeviceSecret.ForKey(Samples.Psk);
            _signature = RequestSigner.SignHmac(Algorithm, Samples.Psk, ReportLogHeaders.DefaultCanonicalHost, ReportLogHeaders.CanonicalUri, Samples.Timestamp, Samples.Nonce, _body);
        }

        if (Verify() != SignatureVerdict.Valid)
        {
            throw new CryptographicException("The benchmark's own signature does not verify.");
        }
    }

    [Benchmark]
    public SignatureVerdict Verify() => SignatureVerifier.Verify(
        _algorithmHeader, Samples.Timestamp, Samples.Nonce, _signature, _body, ReportLogHeaders.CanonicalUri, Hosts, _secret);
}
