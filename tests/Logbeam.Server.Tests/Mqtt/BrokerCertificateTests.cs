using System.Security.Cryptography.X509Certificates;
using Logbeam.Server.Mqtt;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>The TLS certificate is read from PEM + key or from PKCS#12, and a wrong path says what to fix.</summary>
public sealed class BrokerCertificateTests : IDisposable
{
    private readonly TestCertificates _pki = new();

    [Fact]
    public void PemAndKey_LoadWithThePrivateKey()
    {
        using var certificate = BrokerCertificate.Load(new MqttTlsOptions { CertificatePath = _pki.ServerCertificatePath, KeyPath = _pki.ServerKeyPath });

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=localhost", certificate.Subject);
    }

    [Fact]
    public void Pkcs12WithPassword_Loads()
    {
        using var pem = X509Certificate2.CreateFromPemFile(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        var pfx = Path.Combine(_pki.Directory, "server.pfx");
        File.WriteAllBytes(pfx, pem.Export(X509ContentType.Pkcs12, "secret"));

        using var certificate = BrokerCertificate.Load(new MqttTlsOptions { CertificatePath = pfx, Password = "secret" });

        Assert.True(certificate.HasPrivateKey);
    }

    [Fact]
    public void MissingFile_NamesTheSettingToFix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BrokerCertificate.Load(new MqttTlsOptions { CertificatePath = "/nonexistent.pem" }));

        Assert.Contains("Mqtt:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _pki.Dispose();
}
