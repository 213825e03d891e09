using Microsoft.Extensions.Options;

namespace Logbeam.Server.Storage;

/// <summary>
/// Once at start and then every hour: the store's upkeep, then retention (<see cref="StorageOptions.RetentionDays"/>).
/// Every node runs it; each step is safe to repeat, so nodes need not agree on who does it.
/// </summary>
internal sealed class StorageMaintenance(
    ILogRetention retention, IEnumerable<IStoreUpkeep> upkeep, IOptions<StorageOptions> options, TimeProvider time,
    ILogger<StorageMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            foreach (var step in upkeep)
            {
                await step.RunAsync(now, cancellationToken).ConfigureAwait(false);
            }

            if (options.Value.RetentionDays > 0)
            {
                var cutoff = now.AddDays(-options.Value.RetentionDays);
                var removed = await retention.RemoveBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
                StorageLog.RetentionApplied(logger, removed, cutoff);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            StorageLog.MaintenanceFailed(logger, ex);
        }
    }
}
