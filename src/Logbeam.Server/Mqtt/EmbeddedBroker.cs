using System.Collections;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.AspNetCore;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

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

    public EmbeddedBroker(IOptions<MqttOptions> options, ILoggerFactory loggers)
    {
        _options = Build(options.Value);
        WebSockets = new MqttWebSocketServerAdapter();
        Server = new MqttServerFactory().CreateMqttServer(
            _options, [new MqttTcpServerAdapter(), WebSockets], new MqttNetLogBridge(loggers.CreateLogger("MQTTnet")));
    }

    public MqttServer Server { get; }

    /// <summary>Where WebSocket connections accepted by the HTTP server are handed to the broker.</summary>
    public MqttWebSocketServerAdapter WebSockets { get; }

    /// <summary>The plain TCP port, once started (the one picked when 0 was configured); null when off.</summary>
    public int? TcpPort => _options.DefaultEndpointOptions.IsEnabled ? _options.DefaultEndpointOptions.Port : null;

    /// <summary>The TLS port, once started; null when no certificate is configured.</summary>
    public int? TlsPort => _options.TlsEndpointOptions.IsEnabled ? _options.TlsEndpointOptions.Port : null;

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

    private static MqttServerOptions Build(MqttOptions mqtt)
    {
        if (!IPAddress.TryParse(mqtt.BindAddress, out var address))
        {
            throw new InvalidOperationException($"Mqtt:BindAddress '{mqtt.BindAddress}' is not an IP address; use for example 127.0.0.1 or 0.0.0.0.");
        }

        // A device that connects without a clean session gets its subscriptions back when it reconnects (MQTT
        // 3.1.1 §3.1.2.4); sessions live in memory, so a restart forgets them.
        var builder = new MqttServerOptionsBuilder().WithPersistentSessions();
        builder = mqtt.Port >= 0 ? builder.WithDefaultEndpoint().WithDefaultEndpointPort(mqtt.Port) : builder.WithoutDefaultEndpoint();
        if (mqtt.Tls.CertificatePath is not null)
        {
            builder = builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(mqtt.TlsPort)
                .WithEncryptionCertificate(BrokerCertificate.Load(mqtt.Tls))
                // Certificate devices are identified at CONNECT by the certificate they sent; others send none.
                .WithRemoteCertificateValidationCallback((_, _, _, _) => true);
        }

        var options = builder.Build();
        options.TlsEndpointOptions.ClientCertificateRequired = mqtt.Tls.CertificatePath is not null;
        foreach (var endpoint in new MqttServerTcpEndpointBaseOptions[] { options.DefaultEndpointOptions, options.TlsEndpointOptions })
        {
            bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            endpoint.BoundInterNetworkAddress = v6 ? IPAddress.None : address;
            endpoint.BoundInterNetworkV6Address = v6 ? address : IPAddress.None;
        }

        return options;
    }
}
