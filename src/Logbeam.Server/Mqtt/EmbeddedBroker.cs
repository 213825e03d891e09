using System.Collections;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Server;
using Logbeam.Server.Mqtt.Connections;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// MQTTnet's broker, hosted in the server: plain TCP, TLS (server-authenticated, or mutual for certificate devices)
/// and WebSocket on the HTTP port. It is the <see cref="IDeviceChannel"/> of the embedded mode.
/// </summary>
/// <remarks>
/// Replies and pushes are handed straight to the session subscribed to the result topic. A result topic names one
/// device, and only that device may subscribe to it (<see cref="TopicPolicy"/>), so it has at most one subscriber.
/// Publishing through the broker instead would match the topic against every session's subscriptions: with 10,000
/// devices connected, pushing to all of them would cost 10,000 × 10,000 comparisons.
/// </remarks>
public sealed class EmbeddedBroker : IDeviceChannel, IDisposable
{
    private readonly MqttServerOptions _options;

    // Result topic → the session subscribed to it.
    private readonly ConcurrentDictionary<string, MqttSessionStatus> _subscribers = new(StringComparer.Ordinal);

    public EmbeddedBroker(DeviceListener listener, ILoggerFactory loggers)
    {
        Listener = listener;
        // A device that connects without a clean session gets its subscriptions back when it reconnects (MQTT
        // 3.1.1 §3.1.2.4); sessions live in memory, so a restart forgets them. The listener opens the ports.
        _options = new MqttServerOptionsBuilder().WithPersistentSessions().WithoutDefaultEndpoint().Build();
        // Each connection keeps its packet writer's buffer: what the platform sends a device is a few hundred bytes, and
        // the buffer grows for a larger packet and shrinks back after it.
        _options.WriterBufferSize = 512;
        Server = new MqttServerFactory().CreateMqttServer(_options, [listener], new MqttNetLogBridge(loggers.CreateLogger("MQTTnet")));
    }

    public MqttServer Server { get; }

    /// <summary>Where every device connection comes in, WebSockets accepted by the HTTP server included.</summary>
    public DeviceListener Listener { get; }

    /// <summary>The plain TCP port, once started (the one picked when 0 was configured); null when off.</summary>
    public int? TcpPort => Listener.TcpPort;

    /// <summary>The TLS port, once started; null when no certificate is configured.</summary>
    public int? TlsPort => Listener.TlsPort;

    public bool KnowsPresence => true;

    /// <summary>
    /// Delivers <paramref name="payload"/> to the session subscribed to <paramref name="topic"/>, a result topic; as
    /// with any MQTT publish, it is dropped when nobody is subscribed.
    /// </summary>
    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        if (_subscribers.TryGetValue(topic, out var session))
        {
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build();
            session.TryEnqueueApplicationMessage(message, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>Records that <paramref name="session"/> subscribed to the result topic <paramref name="topic"/>.</summary>
    public void ResultTopicSubscribed(string topic, MqttSessionStatus session) => _subscribers[topic] = session;

    /// <summary>Forgets the subscription of client <paramref name="clientId"/> to <paramref name="topic"/>.</summary>
    public void ResultTopicUnsubscribed(string topic, string clientId)
    {
        if (_subscribers.TryGetValue(topic, out var session) && session.Id == clientId)
        {
            _subscribers.TryRemove(new KeyValuePair<string, MqttSessionStatus>(topic, session));
        }
    }

    /// <summary>
    /// Forgets the subscriptions of a session that ended. A session that took its place (same client id, clean
    /// start) may have subscribed already; its subscriptions stay.
    /// </summary>
    public void SessionEnded(IEnumerable<string> resultTopics, IDictionary sessionItems)
    {
        foreach (var topic in resultTopics)
        {
            if (_subscribers.TryGetValue(topic, out var session) && ReferenceEquals(session.Items, sessionItems))
            {
                _subscribers.TryRemove(new KeyValuePair<string, MqttSessionStatus>(topic, session));
            }
        }
    }

    public void Dispose() => Server.Dispose();
}
