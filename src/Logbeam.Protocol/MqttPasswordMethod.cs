namespace Logbeam.Protocol;

/// <summary>The HMAC named after the last <c>;</c> of an MQTT password (§1.1).</summary>
public enum MqttPasswordMethod
{
    /// <summary><c>hmacsha1</c>: the C SDK without TLS, and the Python SDK.</summary>
    HmacSha1,

    /// <summary><c>hmacsha256</c>: the Java SDK.</summary>
    HmacSha256,
}
