using System.Threading.Channels;
using Logbeam.Protocol;
using Logbeam.Server.Devices;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Pushes a device's new effective level to it, unasked, whenever it may have changed: an operator set the device's
/// level or its product's default, or a level expired. Changes are queued, so the registry never waits on the network.
/// </summary>
public sealed class LevelPusher(
    DeviceRegistry registry, DevicePresence presence, IDeviceChannel channel, MqttMetrics metrics, TimeProvider time,
    ILogger<LevelPusher> logger) : BackgroundService
{
    // Neither SDK checks the token of a push (§8 rule 14); this one says where it came from.
    private const string PushToken = "logbeam-push";

    private readonly Channel<LevelChange> _changes = Channel.CreateUnbounded<LevelChange>(new() { SingleReader = true });

    /// <summary>Queues a change; the devices it concerns are worked out when it is sent.</summary>
    public void Enqueue(LevelChange change) => _changes.Writer.TryWrite(change);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.LevelChanged += Enqueue;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        registry.LevelChanged -= Enqueue;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var device in Affected(change))
                {
                    await PushAsync(device, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<Device> Affected(LevelChange change)
    {
        if (change.FromOtherNode && !channel.KnowsPresence)
        {
            // On a shared external broker the node that made the change has pushed it already.
            return [];
        }

        var now = time.GetUtcNow();
        var candidates = change.DeviceName is { } deviceName
            ? registry.TryGetDevice(change.ProductId, deviceName, out var one) ? [one.Device] : []
            // A product default reaches only the devices without a level of their own in force.
            : registry.DevicesOf(change.ProductId).Where(d => d.LogLevel is null || d.LevelExpiresAt <= now);
        return candidates.Where(d => d.Enabled && (!channel.KnowsPresence || presence.IsOnline(d.ProductId, d.DeviceName)));
    }

    private async Task PushAsync(Device device, CancellationToken cancellationToken)
    {
        var level = registry.EffectiveLevel(device);
        var payload = LogLevelMessages.FormatReply(level, PushToken, time.GetUtcNow().ToUnixTimeSeconds());
        try
        {
            await channel.PublishAsync(Topics.LogOperationResult(device.ProductId, device.DeviceName), payload, cancellationToken)
                .ConfigureAwait(false);
            metrics.Pushed();
            MqttLog.LevelPushed(logger, (int)level, device.ProductId, device.DeviceName);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            MqttLog.PushFailed(logger, ex, device.ProductId, device.DeviceName);
        }
    }
}
