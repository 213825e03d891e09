using MQTTnet.Server;

namespace Logbeam.Server.Mqtt;

/// <summary>Starts the embedded broker with the server and stops it with it.</summary>
internal sealed class EmbeddedBrokerService(EmbeddedBroker broker, DeviceSessions sessions, ILogger<EmbeddedBrokerService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        sessions.Attach();
        await broker.Server.StartAsync().ConfigureAwait(false);
        var endpoints = new List<string>();
        if (broker.TcpPort is { } tcp)
        {
            endpoints.Add($"tcp {tcp}");
        }

        if (broker.TlsPort is { } tls)
        {
            endpoints.Add($"tls {tls}");
        }

        MqttLog.BrokerStarted(logger, string.Join(", ", endpoints));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.Detach();
        await broker.Server.StopAsync().ConfigureAwait(false);
        MqttLog.BrokerStopped(logger);
    }
}
