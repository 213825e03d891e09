using Logbeam.Server.Devices;

namespace Logbeam.Server.Mqtt;

/// <summary>
/// Wakes when a device's level expires, even when nobody calls the API, and has the fallback level pushed. It keeps
/// the pending expiries in a queue ordered by time and sleeps until the first, rather than scanning the fleet.
/// </summary>
public sealed class LevelExpiryWatch(DeviceRegistry registry, LevelPusher pusher, TimeProvider time, ILogger<LevelExpiryWatch> logger)
    : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    private readonly PriorityQueue<(string ProductId, string DeviceName, DateTimeOffset ExpiresAt), DateTimeOffset> _pending = new();
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        registry.LevelChanged += OnLevelChanged;
        foreach (var product in registry.Products)
        {
            foreach (var device in registry.DevicesOf(product.ProductId))
            {
                Watch(device);
            }
        }

        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        registry.LevelChanged -= OnLevelChanged;
        return base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var sleep = PushDue();
                await _wake.WaitAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Hands every expiry that is due to the pusher and returns how long to sleep until the next.</summary>
    private TimeSpan PushDue()
    {
        var now = time.GetUtcNow();
        var due = new List<(string ProductId, string DeviceName, DateTimeOffset ExpiresAt)>();
        DateTimeOffset? next;
        lock (_gate)
        {
            while (_pending.TryPeek(out var entry, out var at) && at <= now)
            {
                due.Add(_pending.Dequeue());
            }

            next = _pending.TryPeek(out _, out var nextAt) ? nextAt : null;
        }

        // The same level set twice is queued twice; it expires once.
        foreach (var (productId, deviceName, expiresAt) in due.Distinct())
        {
            // A level changed since it was queued has its own entry (or none); only the one still in force counts.
            if (registry.TryGetDevice(productId, deviceName, out var device) && device.Device.LevelExpiresAt == expiresAt)
            {
                MqttLog.LevelExpired(logger, productId, deviceName, next);
                pusher.Enqueue(new LevelChange(productId, deviceName));
            }
        }

        var sleep = next is { } when ? when - now : LongestSleep;
        return sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > LongestSleep ? LongestSleep : sleep;
    }

    private void OnLevelChanged(LevelChange change)
    {
        if (change.DeviceName is { } deviceName && registry.TryGetDevice(change.ProductId, deviceName, out var device))
        {
            Watch(device.Device);
            _wake.Release();
        }
    }

    private void Watch(Device device)
    {
        if (device.LevelExpiresAt is { } expiresAt && expiresAt > time.GetUtcNow())
        {
            lock (_gate)
            {
                _pending.Enqueue((device.ProductId, device.DeviceName, expiresAt), expiresAt);
            }
        }
    }
}
