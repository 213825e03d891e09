using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

/// <summary>Body of <c>POST /mqtt/auth</c>, as EMQX's HTTP authenticator sends it when so configured.</summary>
public sealed record BrokerAuthRequest(
    [property: JsonPropertyName("clientid")] string? ClientId,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password);
