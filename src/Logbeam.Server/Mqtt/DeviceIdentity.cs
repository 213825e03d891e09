namespace Logbeam.Server.Mqtt;

/// <summary>The device an MQTT session belongs to, kept in the session's items once its CONNECT is accepted.</summary>
internal sealed record DeviceIdentity(string ProductId, string DeviceName)
{
    public const string SessionKey = "logbeam.device";

    public static DeviceIdentity? Of(System.Collections.IDictionary? sessionItems) =>
        sessionItems?[SessionKey] as DeviceIdentity;
}
