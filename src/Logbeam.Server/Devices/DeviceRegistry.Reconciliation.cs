namespace Logbeam.Server.Devices;

/// <summary>
/// Cross-node reconciliation: what another node changed in the shared store is read back into this node's registry,
/// and the events a local change would have raised are raised here too.
/// </summary>
public sealed partial class DeviceRegistry
{
    /// <summary>
    /// Re-reads one product (null <paramref name="deviceName"/>) or device that another node changed in the shared store,
    /// and raises the events a local change would have raised, so pushes and sessions here follow it.
    /// </summary>
    public async Task RefreshAsync(string productId, string? deviceName, CancellationToken cancellationToken)
    {
        var levelChanges = new List<LevelChange>();
        var deviceChanges = new List<DeviceChange>();
        await ChangeAsync(async () =>
        {
            if (deviceName is null)
            {
                await RefreshProductAsync(productId, levelChanges, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var stored = await store.GetDeviceAsync(productId, deviceName, cancellationToken).ConfigureAwait(false);
                if (FindProduct(productId) is null)
                {
                    await RefreshProductAsync(productId, levelChanges, cancellationToken).ConfigureAwait(false);
                }

                Apply(productId, deviceName, stored, levelChanges, deviceChanges);
            }

            return true;
        }).ConfigureAwait(false);
        Raise(levelChanges, deviceChanges);
    }

    /// <summary>Re-reads everything, as after a gap in notifications, raising events for whatever differs.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken)
    {
        var levelChanges = new List<LevelChange>();
        var deviceChanges = new List<DeviceChange>();
        await ChangeAsync(async () =>
        {
            foreach (var product in await store.ListProductsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_products.TryGetValue(product.ProductId, out var known) && known.DefaultLogLevel != product.DefaultLogLevel)
                {
                    levelChanges.Add(new LevelChange(product.ProductId, null, FromOtherNode: true));
                }

                _products[product.ProductId] = product;
            }

            var stored = (await store.ListDevicesAsync(null, cancellationToken).ConfigureAwait(false))
                .ToDictionary(d => (d.ProductId, d.DeviceName));
            foreach (var key in _devices.Keys.Union(stored.Keys).ToList())
            {
                Apply(key.ProductId, key.DeviceName, stored.GetValueOrDefault(key), levelChanges, deviceChanges);
            }

            return true;
        }).ConfigureAwait(false);
        Raise(levelChanges, deviceChanges);
    }

    private async Task RefreshProductAsync(string productId, List<LevelChange> levelChanges, CancellationToken cancellationToken)
    {
        if (await store.GetProductAsync(productId, cancellationToken).ConfigureAwait(false) is not { } product)
        {
            return;
        }

        if (_products.TryGetValue(productId, out var known) && known.DefaultLogLevel != product.DefaultLogLevel)
        {
            levelChanges.Add(new LevelChange(productId, null, FromOtherNode: true));
        }

        _products[productId] = product;
    }

    private void Apply(string productId, string deviceName, Device? stored, List<LevelChange> levelChanges, List<DeviceChange> deviceChanges)
    {
        var key = (productId, deviceName);
        _devices.TryGetValue(key, out var known);
        if (stored is null)
        {
            if (_devices.TryRemove(key, out _))
            {
                deviceChanges.Add(new DeviceChange(productId, deviceName, DeviceChangeKind.Deleted));
            }

            return;
        }

        if (known is not null && known.Device == stored)
        {
            return;
        }

        _devices[key] = Register(stored, known);
        if (known is null)
        {
            return;
        }

        if (known.Device.Id != stored.Id)
        {
            // Deleted and made again elsewhere: sessions on the old credentials must go.
            deviceChanges.Add(new DeviceChange(productId, deviceName, DeviceChangeKind.Deleted));
        }
        else if (known.Device.Enabled != stored.Enabled)
        {
            deviceChanges.Add(new DeviceChange(productId, deviceName, stored.Enabled ? DeviceChangeKind.Enabled : DeviceChangeKind.Disabled));
        }

        if (known.Device.Id == stored.Id && (known.Device.Psk != stored.Psk || known.Device.PreviousKey?.Psk != stored.PreviousKey?.Psk))
        {
            deviceChanges.Add(new DeviceChange(productId, deviceName, DeviceChangeKind.KeyRetired));
        }

        if (known.Device.LogLevel != stored.LogLevel || known.Device.LevelExpiresAt != stored.LevelExpiresAt)
        {
            levelChanges.Add(new LevelChange(productId, deviceName, FromOtherNode: true));
        }
    }
}
