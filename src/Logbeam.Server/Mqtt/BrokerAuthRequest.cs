using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Body of <c>POST /mqtt/auth</c>, as EMQX's HTTP authenticator sends it when so configured. Unlike the management API's
/// bodies, read leniently: the broker's body template is the operator's, and may carry members Logbeam does not use.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record BrokerAuthRequest(
    [property: JsonPropertyName("clientid")] string? ClientId = null,
    [property: JsonPropertyName("username")] string? Username = null,
    [property: JsonPropertyName("password")] string? Password = null);
