using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Logbeam.Protocol;

namespace Logbeam.Device.Upload;

/// <summary>
/// Signs uploads as the Java SDK does (§4.1–4.3): <c>hmacsha256</c> keyed with the first 24 characters of the PSK for
/// key devices, <c>rsa-sha256</c> with the private key for certificate devices; the host is the configured CanonicalHost.
/// </summary>
internal sealed class RequestSigning : IDisposable
{
    private const int SignKeyLength = 24;
    private const string ContentType = "application/json;charset=utf-8";
    private readonly string? _hmacKey;
    private readonly RSA? _rsa;
    private readonly Lock _rsaGate = new();
    private readonly string _host;

    public RequestSigning(LogbeamDeviceOptions options)
    {
        _host = options.CanonicalHost;
        if (options.PrivateKeyPem is not null)
        {
            _rsa = RSA.Create();
            _rsa.ImportFromPem(options.PrivateKeyPem);
            Algorithm = SignatureAlgorithm.RsaSha256;
        }
        else
        {
            string psk = options.Psk!;
            _hmacKey = psk.Length > SignKeyLength ? psk[..SignKeyLength] : psk;
            Algorithm = SignatureAlgorithm.HmacSha256;
        }
    }

    public SignatureAlgorithm Algorithm { get; }

    /// <summary>The <c>X-TC-Signature</c> for these exact body bytes, timestamp and nonce.</summary>
    public string Sign(ReadOnlySpan<byte> body, long timestamp, long nonce)
    {
        if (_rsa is null)
        {
            return RequestSigner.SignHmac(Algorithm, _hmacKey!, _host, ReportLogHeaders.CanonicalUri, timestamp, nonce, body);
        }

        lock (_rsaGate)
        {
            return RequestSigner.SignRsa(_rsa, _host, ReportLogHeaders.CanonicalUri, timestamp, nonce, body);
        }
    }

    /// <summary>A signed POST of <paramref name="body"/>, headers as the SDKs send them.</summary>
    public HttpRequestMessage CreateRequest(Uri uri, byte[] body, long timestamp, long nonce)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Algorithm, SignatureAlgorithms.WireName(Algorithm));
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Nonce, nonce.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(ReportLogHeaders.Signature, Sign(body, timestamp, nonce));
        return request;
    }

    public void Dispose() => _rsa?.Dispose();
}
