namespace Logbeam.Server.Mqtt;

/// <summary>Why a device's MQTT connection was accepted or refused; the metric label and the CONNACK code follow from it.</summary>
public enum ConnectOutcome
{
    Accepted,

    /// <summary>The client id is no registered ProductId + DeviceName.</summary>
    UnknownDevice,

    /// <summary>The username's first field is not the client id.</summary>
    ClientIdMismatch,

    /// <summary>The device is disabled.</summary>
    Disabled,

    /// <summary>The username is not the four fields, or the password is missing, unknown in kind or wrong.</summary>
    BadCredentials,

    /// <summary>The username's expiry has passed.</summary>
    Expired,

    /// <summary>A certificate device came without its registered certificate (mutual TLS).</summary>
    CertificateRequired,

    /// <summary>Over TLS-PSK, the client id or the username names another device than the key of the handshake.</summary>
    PskIdentityMismatch,
}
