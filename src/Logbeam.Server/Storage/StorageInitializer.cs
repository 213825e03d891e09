namespace Logbeam.Server.Storage;

/// <summary>
/// Runs the store's start-up work (<see cref="IStoreInitialization"/>, in the order registered) before any other part
/// of the server starts: it works in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host completes for
/// every service before it calls the first <see cref="IHostedService.StartAsync"/>, so ingest, the API, the broker and
/// the device registry only ever see an up-to-date store. A failure stops the start.
/// </summary>
internal sealed class StorageInitializer(IEnumerable<IStoreInitialization> steps, ILogger<StorageInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            var applied = await step.InitializeAsync(cancellationToken).ConfigureAwait(false);
            if (applied > 0)
            {
                StorageLog.MigrationsApplied(logger, applied, step.GetType().Name);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
