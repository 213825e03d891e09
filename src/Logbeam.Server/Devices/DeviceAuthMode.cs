namespace Logbeam.Server.Devices;

/// <summary>How a device proves who it is.</summary>
public enum DeviceAuthMode
{
    /// <summary>A pre-shared key (PSK): HMAC signatures.</summary>
    Key,

    /// <summary>An X.509 certificate: RSA-SHA256 signatures, and HMAC with the certificate key where the product allows it.</summary>
    Cert,
}
