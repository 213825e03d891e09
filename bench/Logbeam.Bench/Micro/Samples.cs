using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Logbeam.Bench.Ingest;
using Logbeam.Protocol;

namespace Logbeam.Bench.Micro;

/// <summary>Inputs the micro-benchmarks share: the ingest scenario's bodies, a key device and a certificate device.</summary>
internal static class Samples
{
    public const long Timestamp = 1_750_000_000;
    public const long Nonce = 123_456_789;

    public static readonly string Psk = "c2FtcGxlLXBzay0xMjM0NTY3";

    public static byte[] Body(int lines) => DeviceUploads.Create(1, lines, 100, 1, seed: 42)[0].Bodies[0];

    public static (RSA PrivateKey, DeviceSecret Secret) CertificateDevice()
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=bench-device", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return (key, DeviceSecret.ForCertificate(certificate.ExportCertificatePem()));
    }

    /// <summary>The element text of a body of <paramref name="lines"/> lines, as the JSON reader hands it to the line parser.</summary>
    public static string Element(int lines)
    {
        var body = Body(lines);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        return json.RootElement.GetProperty("Message")[0].GetString()!;
    }

    public static byte[] LegacyLines(int lines) => Encoding.UTF8.GetBytes(Element(lines));
}
