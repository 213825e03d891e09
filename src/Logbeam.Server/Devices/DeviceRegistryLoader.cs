namespace Logbeam.Server.Devices;

/// <summary>Fills the registry at start; hosted services start before Kestrel listens, so no upload sees it empty.</summary>
internal sealed class DeviceRegistryLoader(DeviceRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => registry.LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
