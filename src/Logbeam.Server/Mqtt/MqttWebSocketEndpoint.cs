using MQTTnet.AspNetCore;

namespace Logbeam.Server.Mqtt;

/// <summary>MQTT over WebSocket on the HTTP port: the upgraded connection is handed to the embedded broker.</summary>
internal static class MqttWebSocketEndpoint
{
    public static async Task HandleAsync(HttpContext context, EmbeddedBroker broker)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("This is MQTT over WebSocket: connect with an MQTT client using the 'mqtt' subprotocol.")
                .ConfigureAwait(false);
            return;
        }

        var subProtocol = MqttSubProtocolSelector.SelectSubProtocol(context.Request);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
        await broker.WebSockets.RunWebSocketConnectionAsync(socket, context).ConfigureAwait(false);
    }
}
