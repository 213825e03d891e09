namespace Logbeam.Protocol;

/// <summary>The outcome of <see cref="MqttCredentials.Verify"/>.</summary>
public enum MqttAuthResult
{
    /// <summary>The username and password are valid.</summary>
    Accepted,

    /// <summary>The username is missing or is not four <c>;</c>-separated fields with numeric app id and expiry.</summary>
    MalformedUsername,

    /// <summary>The username's first field differs from the CONNECT client id.</summary>
    ClientIdMismatch,

    /// <summary>The username's expiry is before now.</summary>
    Expired,

    /// <summary>The password has no method suffix, or names neither <c>hmacsha1</c> nor <c>hmacsha256</c>.</summary>
    UnknownMethod,

    /// <summary>The password is missing or its HMAC does not match.</summary>
    BadPassword,
}
