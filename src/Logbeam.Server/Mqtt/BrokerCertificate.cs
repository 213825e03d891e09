using System.Security.Cryptography.X509Certificates;

namespace Logbeam.Server.Mqtt;

/// <summary>Loads the TLS port's certificate from a PKCS#12 file, or from a PEM certificate and key.</summary>
internal static class BrokerCertificate
{
    public static X509Certificate2 Load(MqttTlsOptions tls)
    {
        var path = tls.CertificatePath ?? throw new InvalidOperationException("Mqtt:Tls:CertificatePath is not set.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The MQTT TLS certificate '{path}' does not exist; fix Mqtt:Tls:CertificatePath.");
        }

        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        using var pem = tls.Password is null
            ? X509Certificate2.CreateFromPemFile(path, tls.KeyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, tls.Password, tls.KeyPath);
        if (!pem.HasPrivateKey)
        {
            throw new InvalidOperationException($"The MQTT TLS certificate '{path}' has no private key; set Mqtt:Tls:KeyPath.");
        }

        // A key read from PEM is ephemeral; SslStream wants one it can hand to the platform's TLS, as PKCS#12 gives.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
