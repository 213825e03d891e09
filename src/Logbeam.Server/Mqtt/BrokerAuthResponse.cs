using System.Text.Json.Serialization;

namespace Logbeam.Server.Mqtt;

/// <summary>The answer to <c>/mqtt/auth</c> and <c>/mqtt/acl</c>: <c>{"result":"allow"|"deny"}</c>, EMQX's shape.</summary>
public sealed record BrokerAuthResponse(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("is_superuser")] bool IsSuperuser)
{
    public static BrokerAuthResponse Allow { get; } = new("allow", false);

    public static BrokerAuthResponse Deny { get; } = new("deny", false);

    public static BrokerAuthResponse Superuser { get; } = new("allow", true);
}
