using Microsoft.Extensions.Hosting;

namespace Logbeam.Device;

/// <summary>Starts the client with the host (so MQTT connects before the first line) and sends what is buffered when it stops.</summary>
internal sealed class LogbeamDeviceHostedService(LogbeamDeviceClient client) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => client.FlushAsync(cancellationToken);
}
