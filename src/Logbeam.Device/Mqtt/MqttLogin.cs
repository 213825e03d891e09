using Logbeam.Protocol;

namespace Logbeam.Device.Mqtt;

/// <summary>The CONNECT client id, username and password, as the Java SDK makes them (§1.1).</summary>
internal static class MqttLogin
{
    /// <summary>The Java SDK's expiry when automatic reconnect is on.</summary>
    public const ulong Expiry = int.MaxValue;

    /// <summary>Key devices sign the username with HMAC-SHA256; certificate devices send an empty password (the broker ignores it).</summary>
    public static (string ClientId, string Username, string Password) Create(LogbeamDeviceOptions options, string connectionId)
    {
        string username = MqttCredentials.CreateUsername(options.ProductId, options.DeviceName, options.SdkAppId, connectionId, Expiry);
        string password = options.Psk is null ? string.Empty : MqttCredentials.CreatePassword(username, options.Psk, MqttPasswordMethod.HmacSha256);
        return (MqttCredentials.ClientId(options.ProductId, options.DeviceName), username, password);
    }
}
