namespace Logbeam.Protocol;

/// <summary>The four <c>;</c>-separated fields of an MQTT username (§1.1).</summary>
/// <param name="ClientId">Field 1: <c>ProductId + DeviceName</c>; must equal the CONNECT client id.</param>
/// <param name="SdkAppId">Field 2: the numeric SDK application id (<c>21010406</c> or <c>12010126</c>).</param>
/// <param name="ConnectionId">Field 3: the random connection id.</param>
/// <param name="Expiry">
/// Field 4: the expiry as the device wrote it: seconds, <c>LONG_MAX</c>, or milliseconds in the Python SDK.
/// </param>
public readonly record struct MqttUsername(string ClientId, string SdkAppId, string ConnectionId, ulong Expiry);
