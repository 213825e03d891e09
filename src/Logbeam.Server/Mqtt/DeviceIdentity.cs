namespace Logbeam.Server.Mqtt;

/// <summary>The device an MQTT session belongs to, kept in the session's items once its CONNECT is accepted.</summary>
internal sealed record DeviceIdentity(string ProductId, string DeviceName)
{
    /// <summary>The key a key device connected with; the session is closed once that key is no longer accepted.</summary>
    public Logbeam.Protocol.DeviceSecret? Key { get; init; }

    public const string SessionKey = "logbeam.device";

    public static DeviceIdentity? Of(System.Collections.IDictionary? sessionItems) =>
        sessionItems?[SessionKey] as DeviceIdentity;
}
