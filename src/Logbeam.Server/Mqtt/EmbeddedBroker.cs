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
public sealed class EmbeddedBroker : IDeviceChannel, IDisposable
{
    private readonly MqttServerOptions _options;

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

    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build();
        return Server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message), cancellationToken);
    }

    public void Dispose() => Server.Dispose();

    private static MqttServerOptions Build(MqttOptions mqtt)
    {
        if (!IPAddress.TryParse(mqtt.BindAddress, out var address))
        {
            throw new InvalidOperationException($"Mqtt:BindAddress '{mqtt.BindAddress}' is not an IP address; use for example 127.0.0.1 or 0.0.0.0.");
        }

        var builder = new MqttServerOptionsBuilder();
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
