using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>Key rotation: a new PSK, the old one accepted for an overlap, its last use kept in memory and written back.</summary>
public sealed partial class DeviceRegistry
{
    /// <summary>How long the previous key stays valid when a rotation does not say. The default value is 24 hours.</summary>
    public static readonly TimeSpan DefaultKeyOverlap = TimeSpan.FromHours(24);

    /// <summary>The longest overlap a rotation may ask for: 30 days.</summary>
    public static readonly TimeSpan MaxKeyOverlap = TimeSpan.FromDays(30);

    /// <summary>The registry's clock's current time.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>
    /// Gives a key device a new PSK. The old one stays valid for <paramref name="overlap"/> (none when zero), for HTTP
    /// uploads, legacy frames and MQTT connects alike; a key still in its overlap from an earlier rotation is dropped.
    /// </summary>
    public async Task<RegisteredDevice> RotateKeyAsync(string productId, string deviceName, TimeSpan overlap, CancellationToken cancellationToken)
    {
        if (overlap < TimeSpan.Zero || overlap > MaxKeyOverlap)
        {
            throw Invalid($"The overlap must be 0 to {(long)MaxKeyOverlap.TotalSeconds} seconds (30 days).");
        }

        var rotated = await ChangeAsync(async () =>
        {
            var registered = FindKeyDevice(productId, deviceName);
            var device = registered.Device;
            var psk = DeviceCredentials.NewPsk();
            var previous = overlap > TimeSpan.Zero ? new PreviousKey(device.Psk, time.GetUtcNow() + overlap, null) : null;
            if (!await store.SetDeviceKeysAsync(productId, deviceName, device.Psk!, psk, previous, cancellationToken).ConfigureAwait(false))
            {
                throw ChangedMeanwhile(productId, deviceName);
            }

            var rotated = new RegisteredDevice(device with { Psk = psk, PreviousKey = previous }, DeviceSecret.ForKey(psk))
            {
                // The outgoing key keeps its parsed secret, and with it the HMAC contexts KeyedHmacs holds for it.
                Previous = previous is null ? null : new PreviousKeyState(registered.Secret, previous.ExpiresAt, null),
            };
            _devices[(productId, deviceName)] = rotated;
            return rotated;
        }).ConfigureAwait(false);

        // With no overlap the old key, and in any case a key still in an earlier overlap, is no longer accepted.
        DeviceChanged?.Invoke(new DeviceChange(productId, deviceName, DeviceChangeKind.KeyRetired));
        return rotated;
    }

    /// <summary>Whether <paramref name="key"/> is still accepted for the device: its current key, or its previous one in the overlap.</summary>
    public bool AcceptsKey(string productId, string deviceName, DeviceSecret key) =>
        TryGetDevice(productId, deviceName, out var registered)
        && (registered.Secret.Psk == key.Psk
            || (registered.Previous is { } previous && previous.Secret.Psk == key.Psk && previous.IsValidAt(time.GetUtcNow())));

    /// <summary>Stops accepting a device's previous key now, before its overlap would have ended; its last use stays shown.</summary>
    public async Task<Device> EndKeyOverlapAsync(string productId, string deviceName, CancellationToken cancellationToken)
    {
        var device = await ChangeAsync(async () =>
        {
            var registered = FindKeyDevice(productId, deviceName);
            if (registered.Device.PreviousKey is null)
            {
                throw new DeviceRegistryException(RegistryError.NotFound,
                    $"Device '{productId}/{deviceName}' has no previous key: it was not rotated with an overlap.");
            }

            return (await EndOverlapAsync(registered, cancellationToken).ConfigureAwait(false)).Device;
        }).ConfigureAwait(false);
        DeviceChanged?.Invoke(new DeviceChange(productId, deviceName, DeviceChangeKind.KeyRetired));
        return device;
    }

    /// <summary>
    /// Writes the last use of previous keys that changed since the last call, in one batch, and forgets previous keys
    /// whose overlap has ended (the stored PSK is cleared; its expiry and last use stay).
    /// </summary>
    public async Task FlushPreviousKeyUseAsync(CancellationToken cancellationToken)
    {
        var retired = new List<DeviceChange>();
        await ChangeAsync(async () =>
        {
            var pending = new List<(PreviousKeyState State, long LastUsedMs)>();
            var uses = new List<PreviousKeyUse>();
            var expired = new List<RegisteredDevice>();
            var now = time.GetUtcNow();
            foreach (var registered in _devices.Values)
            {
                if (registered.Previous is not { } previous)
                {
                    continue;
                }

                if (previous.TryGetUnflushed(out var lastUsedMs))
                {
                    pending.Add((previous, lastUsedMs));
                    uses.Add(new PreviousKeyUse(registered.Device.Id, DateTimeOffset.FromUnixTimeMilliseconds(lastUsedMs)));
                }

                if (!previous.IsValidAt(now))
                {
                    expired.Add(registered);
                }
            }

            if (uses.Count > 0)
            {
                await store.RecordPreviousKeyUseAsync(uses, cancellationToken).ConfigureAwait(false);
                foreach (var (state, lastUsedMs) in pending)
                {
                    state.MarkFlushed(lastUsedMs);
                }
            }

            foreach (var registered in expired)
            {
                try
                {
                    await EndOverlapAsync(registered, cancellationToken).ConfigureAwait(false);
                    retired.Add(new DeviceChange(registered.Device.ProductId, registered.Device.DeviceName, DeviceChangeKind.KeyRetired));
                }
                catch (DeviceRegistryException)
                {
                    // Changed on another node: its notice brings the new state here, and the key is refused by its expiry.
                }
            }

            return true;
        }).ConfigureAwait(false);
        Raise([], retired);
    }

    /// <summary>Under the change lock: clears the previous PSK, keeping when the overlap ended and the key's last use.</summary>
    private async Task<RegisteredDevice> EndOverlapAsync(RegisteredDevice registered, CancellationToken cancellationToken)
    {
        var device = registered.Device;
        if (device.PreviousKey is not { Psk: not null } previous)
        {
            return registered;
        }

        var now = time.GetUtcNow();
        var ended = new PreviousKey(null, previous.ExpiresAt < now ? previous.ExpiresAt : now,
            PreviousKeyState.Later(registered.Previous?.LastUsedAt, previous.LastUsedAt));
        if (!await store.SetDeviceKeysAsync(device.ProductId, device.DeviceName, device.Psk!, device.Psk!, ended, cancellationToken)
            .ConfigureAwait(false))
        {
            throw ChangedMeanwhile(device.ProductId, device.DeviceName);
        }

        var changed = registered with { Device = device with { PreviousKey = ended }, Previous = null };
        _devices[(device.ProductId, device.DeviceName)] = changed;
        return changed;
    }

    private RegisteredDevice FindKeyDevice(string productId, string deviceName)
    {
        if (!TryGetDevice(productId, deviceName, out var registered))
        {
            throw DeviceNotFound(productId, deviceName);
        }

        return registered.Device.AuthMode == DeviceAuthMode.Key
            ? registered
            : throw new DeviceRegistryException(RegistryError.Conflict,
                $"Device '{productId}/{deviceName}' signs with its certificate and has no key to rotate; register its new certificate as a new device instead.");
    }

    private static DeviceRegistryException ChangedMeanwhile(string productId, string deviceName) =>
        new(RegistryError.Conflict, $"Device '{productId}/{deviceName}' was changed or deleted meanwhile (on another node); read it again and retry.");

    /// <summary>
    /// The hot path's view of a device. A key already known here keeps its parsed secret (and so its HMAC contexts), and
    /// a previous key already known keeps what this node saw of its use.
    /// </summary>
    private static RegisteredDevice Register(Device device, RegisteredDevice? known)
    {
        if (device.AuthMode != DeviceAuthMode.Key)
        {
            return new(device, known is not null && known.Device.Certificate == device.Certificate && known.Secret.IsCertificate
                ? known.Secret
                : ParseCertificate(device.Certificate!));
        }

        return new RegisteredDevice(device, Known(known, device.Psk!) ?? DeviceSecret.ForKey(device.Psk!))
        {
            Previous = PreviousOf(device.PreviousKey, known),
        };
    }

    private static PreviousKeyState? PreviousOf(PreviousKey? stored, RegisteredDevice? known)
    {
        if (stored is not { Psk: { } psk })
        {
            return null;
        }

        if (known?.Previous is { } same && same.Secret.Psk == psk)
        {
            return same.ExpiresAt == stored.ExpiresAt && (stored.LastUsedAt is null || stored.LastUsedAt <= same.LastUsedAt)
                ? same
                : same.WithExpiry(stored.ExpiresAt, stored.LastUsedAt);
        }

        return new PreviousKeyState(Known(known, psk) ?? DeviceSecret.ForKey(psk), stored.ExpiresAt, stored.LastUsedAt);
    }

    private static DeviceSecret? Known(RegisteredDevice? known, string psk) =>
        known is null || known.Secret.IsCertificate ? null
        : known.Secret.Psk == psk ? known.Secret
        : known.Previous?.Secret.Psk == psk ? known.Previous.Secret
        : null;
}
