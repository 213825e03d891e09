namespace Logbeam.Server.Mqtt;

/// <summary>The embedded broker's TLS certificate (section <c>Mqtt:Tls</c>).</summary>
public sealed class MqttTlsOptions
{
    /// <summary>
    /// A PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or a PEM certificate, with its private key. Unset, the TLS port is not
    /// opened. The default value is <see langword="null"/>.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when <see cref="CertificatePath"/> is a PEM without the key. The default value is <see langword="null"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or an encrypted PEM key. The default value is <see langword="null"/>.</summary>
    public string? Password { get; set; }
}
