using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// A throwaway PKI in a temp folder: a CA, a server certificate it signed for 127.0.0.1 and localhost, and
/// self-signed device certificates as a fleet's are; PEM files the broker and mosquitto's clients can read.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 _ca;

    public TestCertificates()
    {
        Directory = TempDirectory.Create("logbeam-pki");
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Logbeam Test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(31));
        CaPath = Write("ca.pem", _ca.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(_ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));
        ServerCertificatePath = Write("server.pem", server.ExportCertificatePem());
        ServerKeyPath = Write("server.key", serverKey.ExportPkcs8PrivateKeyPem());
    }

    public string Directory { get; }

    public string CaPath { get; }

    public string ServerCertificatePath { get; }

    public string ServerKeyPath { get; }

    public X509Certificate2 Ca => _ca;

    /// <summary>A self-signed RSA device certificate with CN = client id; returns its PEM and the paths of it and its key.</summary>
    public (string Pem, string CertificatePath, string KeyPath) CreateDevice(string clientId)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={clientId}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = certificate.ExportCertificatePem();
        return (pem, Write(clientId + ".pem", pem), Write(clientId + ".key", key.ExportPkcs8PrivateKeyPem()));
    }

    /// <summary>The certificate with its key, for a .NET client.</summary>
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _ca.Dispose();
        TempDirectory.Delete(Directory);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, text + "\n");
        return path;
    }
}
