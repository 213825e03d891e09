using System.Security.Cryptography;
using System.Text;
using Logbeam.Server.Observability;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// <c>POST /mqtt/auth</c> and <c>POST /mqtt/acl</c>: device authentication and topic authorisation for an external
/// broker that delegates them over HTTP (EMQX's HTTP authenticator and authorizer, or a Mosquitto auth plugin).
/// Logbeam's own client, with its configured username and password, is let in as a superuser.
/// Certificate devices are the broker's to authenticate (it holds the TLS session); they are refused here.
/// </summary>
internal static class BrokerAuthApi
{
    public static IEndpointRouteBuilder MapBrokerAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/mqtt/auth", Authenticate).WithTags("External broker")
            .WithSummary("Authenticate an MQTT client for an external broker")
            .WithDescription("Called by the broker (EMQX's HTTP authenticator, a Mosquitto auth plugin) with the client's id, " +
                "username and password; answers allow, deny, or superuser for Logbeam's own client. Only in Mqtt:Mode External.");
        app.MapPost("/mqtt/acl", Authorize).WithTags("External broker")
            .WithSummary("Authorise an MQTT client's topic for an external broker")
            .WithDescription("Called by the broker before a publish or subscribe; a device may use only its own topics. " +
                "Only in Mqtt:Mode External.");
        return app;
    }

    private static BrokerAuthResponse Authenticate(
        BrokerAuthRequest request, DeviceAuthenticator authenticator, IOptions<MqttOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BrokerAuthApi));
        if (IsLogbeam(options.Value.External, request.ClientId, request.Username) && PasswordMatches(options.Value.External, request.Password))
        {
            MqttLog.BrokerAuth(logger, LogValue.Printable(request.ClientId), "logbeam");
            return BrokerAuthResponse.Superuser;
        }

        var result = authenticator.Authenticate(request.ClientId, request.Username, request.Password, null);
        MqttLog.BrokerAuth(logger, LogValue.Printable(request.ClientId), result.Outcome.ToString());
        return result.Accepted ? BrokerAuthResponse.Allow : BrokerAuthResponse.Deny;
    }

    private static BrokerAuthResponse Authorize(BrokerAclRequest request, DeviceAuthenticator authenticator, IOptions<MqttOptions> options)
    {
        if (IsLogbeam(options.Value.External, request.ClientId, request.Username))
        {
            return BrokerAuthResponse.Allow;
        }

        if (request.ClientId is null || request.Topic is null
            || !authenticator.TryResolve(request.ClientId, out var device) || !device.Enabled)
        {
            return BrokerAuthResponse.Deny;
        }

        bool allowed = request.Action?.ToUpperInvariant() switch
        {
            "PUBLISH" or "PUB" => TopicPolicy.MayPublish(device.ProductId, device.DeviceName, request.Topic),
            "SUBSCRIBE" or "SUB" => TopicPolicy.MaySubscribe(device.ProductId, device.DeviceName, request.Topic),
            _ => false,
        };
        return allowed ? BrokerAuthResponse.Allow : BrokerAuthResponse.Deny;
    }

    private static bool IsLogbeam(ExternalBrokerOptions external, string? clientId, string? username) =>
        external.Password is not null && clientId == external.ClientId && username == external.Username;

    private static bool PasswordMatches(ExternalBrokerOptions external, string? password) =>
        password is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(password)), SHA256.HashData(Encoding.UTF8.GetBytes(external.Password!)));
}
