using Microsoft.Extensions.Options;

namespace Logbeam.Server.Accounting;

/// <summary>
/// Writes <see cref="DeviceActivity"/> to the store every <see cref="AccountingOptions.FlushInterval"/> and at shutdown,
/// and once an hour deletes refusal counts too old to be reported.
/// </summary>
internal sealed class ActivityFlusher(
    DeviceActivity activity, IDeviceActivityStore store, IOptions<AccountingOptions> options, TimeProvider time, ILogger<ActivityFlusher> logger)
    : BackgroundService
{
    // Counts are kept a day past the window they are reported over, so that a late reader still finds its whole window.
    private static readonly TimeSpan KeptPastWindow = TimeSpan.FromHours(24);

    private long _prunedHour = -1;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
                await PruneAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await activity.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // logged; what was not written is kept for the next round
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            AccountingLog.FlushFailed(logger, ex);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var hour = DeviceActivity.HourOf(time.GetUtcNow());
        if (hour == _prunedHour)
        {
            return;
        }

        try
        {
            await store.DeleteRefusalsBeforeAsync(activity.WindowStartHour - (long)KeptPastWindow.TotalHours, cancellationToken).ConfigureAwait(false);
            _prunedHour = hour;
        }
#pragma warning disable CA1031 // logged; the next round tries again
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            AccountingLog.PruneFailed(logger, ex);
        }
    }
}
