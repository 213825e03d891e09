using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

/// <summary>Body of <c>POST /mqtt/acl</c>; <c>action</c> is <c>publish</c> or <c>subscribe</c>.</summary>
public sealed record BrokerAclRequest(
    [property: JsonPropertyName("clientid")] string? ClientId,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("topic")] string? Topic,
    [property: JsonPropertyName("action")] string? Action);
