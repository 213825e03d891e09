namespace Logbeam.Server.Devices;

/// <summary>
/// Writes previous keys' last use to the store every <see cref="Interval"/> and at shutdown, rather than once per upload,
/// and clears previous keys whose overlap has ended.
/// </summary>
internal sealed class PreviousKeyUpkeep(DeviceRegistry registry, TimeProvider time, ILogger<PreviousKeyUpkeep> logger) : BackgroundService
{
    /// <summary>How often the last uses are written; a crash loses at most this much of them.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await RunAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await registry.FlushPreviousKeyUseAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // logged; the next round writes the same uses again
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            DevicesLog.PreviousKeyUpkeepFailed(logger, ex);
        }
    }
}
