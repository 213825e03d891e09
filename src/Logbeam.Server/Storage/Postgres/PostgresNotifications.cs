using Logbeam.Server.Devices;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// Listens for what the other nodes did: their commits wake this node's live tails (<see cref="CommitSignal"/>), and
/// their registry changes are read back into this node's <see cref="DeviceRegistry"/>, which raises its level and
/// device events as for a local change, so level pushes reach devices connected here. One dedicated connection;
/// after losing it, the node reconnects and re-reads the whole registry, since notices sent meanwhile are gone.
/// </summary>
public sealed class PostgresNotifications(
    PostgresDatabase database, CommitSignal commits, DeviceRegistry registry, ILogger<PostgresNotifications> logger) : BackgroundService
{
    public const string CommitsChannel = "logbeam_commits";

    public const string RegistryChannel = "logbeam_registry";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    // How long the start waits for the first LISTEN: a database that cannot take it in this long fails the start.
    private static readonly TimeSpan ListenPatience = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (the host waits for it at start).</summary>
    public Task Listening => _listening.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
        // A node that takes requests before it listens could miss another node's change made in that moment.
        await Listening.WaitAsync(ListenPatience, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {CommitsChannel}; LISTEN {RegistryChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                if (!first)
                {
                    await registry.RefreshAllAsync(stoppingToken).ConfigureAwait(false);
                    commits.Raise();
                }

                first = false;
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                StorageLog.ListenLost(logger, ex, Reconnect.TotalSeconds);
                _listening.TrySetResult(); // start anyway; reconnecting re-reads the registry
                await Task.Delay(Reconnect, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == CommitsChannel)
        {
            if (e.Payload != database.NodeId)
            {
                commits.Raise();
            }

            return;
        }

        if (RegistryNotice.Parse(e.Payload) is { } notice && notice.NodeId != database.NodeId)
        {
            // Read back off the connection's thread: WaitAsync delivers notices and must not block on a query.
            _ = RefreshAsync(notice);
        }
    }

    private async Task RefreshAsync(RegistryNotice notice)
    {
        try
        {
            await registry.RefreshAsync(notice.ProductId, notice.DeviceName, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failed refresh is logged; the next notice or reconnect reads it again
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StorageLog.RefreshFailed(logger, ex, notice.ProductId, notice.DeviceName);
        }
    }
}
