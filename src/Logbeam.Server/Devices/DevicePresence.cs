using System.Collections.Concurrent;

namespace Logbeam.Server.Devices;

/// <summary>
/// Which devices are connected, kept in memory: the broker reports connects, disconnects and traffic here, and the
/// API shows it. Nothing is persisted yet, so after a restart every device starts offline and unseen.
/// </summary>
public sealed class DevicePresence(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string ProductId, string DeviceName), PresenceInfo> _devices = new();

    // Connects and disconnects are rare and change the count; traffic (Seen) is frequent and never changes Online.
    private readonly Lock _connections = new();
    private int _online;

    /// <summary>How many devices are connected now.</summary>
    public int OnlineCount => Volatile.Read(ref _online);

    public PresenceInfo? Find(string productId, string deviceName) => _devices.GetValueOrDefault((productId, deviceName));

    public bool IsOnline(string productId, string deviceName) => Find(productId, deviceName)?.Online == true;

    public void Connected(string productId, string deviceName, string? remoteAddress)
    {
        var now = time.GetUtcNow();
        var connected = new PresenceInfo(true, now, remoteAddress, now);
        lock (_connections)
        {
            bool wasOnline = IsOnline(productId, deviceName);
            _devices.AddOrUpdate((productId, deviceName), connected, (_, _) => connected);
            if (!wasOnline)
            {
                _online++;
            }
        }
    }

    public void Disconnected(string productId, string deviceName)
    {
        var now = time.GetUtcNow();
        lock (_connections)
        {
            if (IsOnline(productId, deviceName))
            {
                _devices.AddOrUpdate(
                    (productId, deviceName), new PresenceInfo(false, null, null, now), (_, old) => new PresenceInfo(false, null, null, old.LastSeen));
                _online--;
            }
        }
    }

    /// <summary>Records traffic from the device; a device heard through an external broker stays "not online".</summary>
    public void Seen(string productId, string deviceName)
    {
        var now = time.GetUtcNow();
        _devices.AddOrUpdate((productId, deviceName), new PresenceInfo(false, null, null, now), (_, old) => old with { LastSeen = now });
    }

    public void Forget(string productId, string deviceName)
    {
        lock (_connections)
        {
            if (_devices.TryRemove((productId, deviceName), out var old) && old.Online)
            {
                _online--;
            }
        }
    }
}
