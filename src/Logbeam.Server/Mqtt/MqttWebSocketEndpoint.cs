using System.Net.WebSockets;
using MQTTnet.AspNetCore;
using MQTTnet.Exceptions;

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
        try
        {
            await broker.Listener.RunWebSocketAsync(socket, context).ConfigureAwait(false);
        }
        catch (MqttCommunicationException) when (socket.State is WebSocketState.Aborted or WebSocketState.Closed or WebSocketState.CloseReceived)
        {
            // The device dropped the connection without a close handshake, as clients going away often do.
        }
    }
}
