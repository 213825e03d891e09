using System.Security.Cryptography;

namespace Logbeam.Protocol.Tests;

public class DeviceSecretTests
{
    [Fact]
    public void ForKey_Psk_KeyDeviceWithPskAsLegacyKey()
    {
        DeviceSecret secret = DeviceSecret.ForKey(Vectors.Psk);

        Assert.False(secret.IsCertificate);
        Assert.Equal(Vectors.Psk, secret.Psk);
        Assert.Null(secret.CertificateKey);
        Assert.Null(secret.PublicKey);
        Assert.Equal(Vectors.Psk, secret.LegacySignKey);
    }

    [Fact]
    public void ForKey_LongPsk_LegacyKeyIsFirst24Characters()
    {
        Assert.Equal(Vectors.Psk, DeviceSecret.ForKey(Vectors.Psk + "tail").LegacySignKey);
    }

    [Fact]
    public void ForKey_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => DeviceSecret.ForKey(""));
    }

    [Fact]
    public void ForCertificate_VectorCertificate_KeyFromSecondLineAndRsaPublicKey()
    {
        string pem = Vectors.Text("dev_cert.pem");
        string expectedKey = pem.Split('\n')[1][..24];

        DeviceSecret secret = DeviceSecret.ForCertificate(pem);

        Assert.True(secret.IsCertificate);
        Assert.Null(secret.Psk);
        Assert.Equal("MIIDFzCCAf+gAwIBAgIUcSwy", expectedKey);
        Assert.Equal(expectedKey, secret.CertificateKey);
        Assert.Equal(expectedKey, secret.LegacySignKey);
        Assert.NotNull(secret.PublicKey);
        using RSA published = RSA.Create();
        published.ImportFromPem(Vectors.Text("dev_pub.pem"));
        Assert.Equal(published.ExportSubjectPublicKeyInfo(), secret.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void ForCertificate_CrLfLineEndings_SameKey()
    {
        string pem = Vectors.Text("dev_cert.pem").Replace("\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal("MIIDFzCCAf+gAwIBAgIUcSwy", DeviceSecret.ForCertificate(pem).CertificateKey);
    }

    [Fact]
    public void ForCertificate_PrivateKeyPem_FormatExceptionWithoutKeyMaterial()
    {
        string privateKey = Vectors.Text("dev_key_pkcs8.pem");

        var exception = Assert.Throws<FormatException>(() => DeviceSecret.ForCertificate(privateKey));

        Assert.DoesNotContain(privateKey.Split('\n')[1][..24], exception.Message, StringComparison.Ordinal);
        Assert.Contains("BEGIN CERTIFICATE", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nshort\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\nQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n-----END CERTIFICATE-----\n")]
    public void ForCertificate_BadPem_FormatException(string pem)
    {
        var exception = Assert.Throws<FormatException>(() => DeviceSecret.ForCertificate(pem));

        Assert.DoesNotContain("QUJDREVGR0hJSktMTU5PUFFS", exception.Message, StringComparison.Ordinal);
    }
}
