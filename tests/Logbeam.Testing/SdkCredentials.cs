using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Logbeam.Testing;

/// <summary>
/// MQTT usernames and passwords computed the way each Tencent SDK computes them (protocol.md §1.1), written out here
/// rather than taken from the code under test; and the §7.1 vectors.
/// </summary>
public sealed record SdkCredentials(string ClientId, string Username, string Password)
{
    /// <summary>§7.1, [C] non-TLS 64-bit build.</summary>
    public static SdkCredentials CVector { get; } = new(
        "ABCDE12345dev001", "ABCDE12345dev001;21010406;a1B2c;9223372036854775807", "1225204afa62812b899a0ea0fa0f67682f49975f;hmacsha1");

    /// <summary>§7.1, [J].</summary>
    public static SdkCredentials JavaVector { get; } = new(
        "ABCDE12345dev001", "ABCDE12345dev001;12010126;Xy9Zq;2147483647", "31847662f8d01f12d6dc11e8d3f4bda18a1858e1afafe2b0baba7dcc3d4792b2;hmacsha256");

    /// <summary>§7.1, [P].</summary>
    public static SdkCredentials PythonVector { get; } = new(
        "ABCDE12345dev001", "ABCDE12345dev001;21010406;k3M9p;1700000000123", "a3efce741e05afaedf79fa2a56d3e966f05492bd;hmacsha1");

    /// <summary>[C]: app id 21010406, LONG_MAX expiry, HMAC-SHA1.</summary>
    public static SdkCredentials C(string productId, string deviceName, string psk) =>
        Create(productId, deviceName, psk, "21010406", long.MaxValue.ToString(CultureInfo.InvariantCulture), sha256: false);

    /// <summary>[J]: app id 12010126, expiry 2147483647 (or now + 600 s without auto-reconnect), HMAC-SHA256.</summary>
    public static SdkCredentials Java(string productId, string deviceName, string psk, long? expiry = null) =>
        Create(productId, deviceName, psk, "12010126", (expiry ?? int.MaxValue).ToString(CultureInfo.InvariantCulture), sha256: true);

    /// <summary>[P]: app id 21010406, the current time in milliseconds as "expiry", HMAC-SHA1.</summary>
    public static SdkCredentials Python(string productId, string deviceName, string psk) =>
        Create(productId, deviceName, psk, "21010406",
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), sha256: false);

    private static SdkCredentials Create(string productId, string deviceName, string psk, string appId, string expiry, bool sha256)
    {
        var clientId = productId + deviceName;
        var connId = new string(Random.Shared.GetItems("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".AsSpan(), 5));
        var username = $"{clientId};{appId};{connId};{expiry}";
        var key = Convert.FromBase64String(psk);
        var data = Encoding.UTF8.GetBytes(username);
        var mac = sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);
        return new(clientId, username, Convert.ToHexStringLower(mac) + (sha256 ? ";hmacsha256" : ";hmacsha1"));
    }
}
