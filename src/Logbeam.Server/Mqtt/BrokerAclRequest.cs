using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Body of <c>POST /mqtt/acl</c>; <c>action</c> is <c>publish</c> or <c>subscribe</c>. Read leniently, as
/// <see cref="BrokerAuthRequest"/> is.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record BrokerAclRequest(
    [property: JsonPropertyName("clientid")] string? ClientId = null,
    [property: JsonPropertyName("username")] string? Username = null,
    [property: JsonPropertyName("topic")] string? Topic = null,
    [property: JsonPropertyName("action")] string? Action = null);
