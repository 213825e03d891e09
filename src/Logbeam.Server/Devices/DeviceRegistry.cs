using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>
/// Products and devices, held in memory over the <see cref="IDeviceStore"/> and written through it,
/// so an upload finds its device without a database round trip. Changes are serialised.
/// </summary>
public sealed partial class DeviceRegistry(IDeviceStore store, TimeProvider time)
{
    /// <summary>The longest product name, in characters: room for any name a person gives, not for a document.</summary>
    public const int MaxProductNameLength = 200;

    private readonly ConcurrentDictionary<string, Product> _products = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string ProductId, string DeviceName), RegisteredDevice> _devices = new();
    private readonly SemaphoreSlim _changes = new(1, 1);

    /// <summary>Raised after a change that may alter devices' effective levels (device level, product default).</summary>
    public event Action<LevelChange>? LevelChanged;

    /// <summary>Raised after a device is disabled, enabled or deleted.</summary>
    public event Action<DeviceChange>? DeviceChanged;

    public IReadOnlyCollection<Product> Products => [.. _products.Values.OrderBy(p => p.ProductId, StringComparer.Ordinal)];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var product in await store.ListProductsAsync(cancellationToken).ConfigureAwait(false))
        {
            _products[product.ProductId] = product;
        }

        foreach (var device in await store.ListDevicesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            _devices[(device.ProductId, device.DeviceName)] = Register(device, null);
        }
    }

    public Product? FindProduct(string productId) => _products.GetValueOrDefault(productId);

    public bool TryGetDevice(string productId, string deviceName, out RegisteredDevice device) =>
        _devices.TryGetValue((productId, deviceName), out device!);

    public IReadOnlyList<Device> DevicesOf(string productId) =>
        [.. _devices.Values.Select(d => d.Device).Where(d => d.ProductId == productId).OrderBy(d => d.DeviceName, StringComparer.Ordinal)];

    public DeviceLogLevel EffectiveLevel(Device device) =>
        LevelPolicy.Effective(device, FindProduct(device.ProductId), time.GetUtcNow());

    public Task<Product> CreateProductAsync(string productId, string name, DeviceLogLevel defaultLevel, CancellationToken cancellationToken) =>
        CreateProductAsync(productId, name, defaultLevel, allowCertificateKeyHmac: false, legacyUploads: true, cancellationToken);

    public Task<Product> CreateProductAsync(
        string productId, string name, DeviceLogLevel defaultLevel, bool allowCertificateKeyHmac, bool legacyUploads,
        CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            if (!ProductIdPattern().IsMatch(productId))
            {
                throw Invalid("productId must be 1 to 32 letters, digits, '_' or '-'.");
            }

            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxProductNameLength)
            {
                throw Invalid($"name must be 1 to {MaxProductNameLength} characters.");
            }

            var product = new Product(productId, name.Trim(), defaultLevel, time.GetUtcNow(), allowCertificateKeyHmac, legacyUploads);
            if (!await store.CreateProductAsync(product, cancellationToken).ConfigureAwait(false))
            {
                throw new DeviceRegistryException(RegistryError.Conflict, $"Product '{productId}' exists already.");
            }

            _products[productId] = product;
            return product;
        });

    public Task<Product> SetProductDefaultLevelAsync(string productId, DeviceLogLevel level, CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var product = FindProduct(productId) ?? throw ProductNotFound(productId);
            await store.SetProductDefaultLevelAsync(productId, level, cancellationToken).ConfigureAwait(false);
            var changed = product with { DefaultLogLevel = level };
            _products[productId] = changed;
            LevelChanged?.Invoke(new LevelChange(productId, null));
            return changed;
        });

    /// <summary>Changes a product's upload rules; a null value keeps what it is. Uploads check them as they arrive.</summary>
    public Task<Product> SetProductUploadRulesAsync(
        string productId, bool? allowCertificateKeyHmac, bool? legacyUploads, CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            var product = FindProduct(productId) ?? throw ProductNotFound(productId);
            var changed = product with
            {
                AllowCertificateKeyHmac = allowCertificateKeyHmac ?? product.AllowCertificateKeyHmac,
                LegacyUploads = legacyUploads ?? product.LegacyUploads,
            };
            await store.SetProductUploadRulesAsync(productId, changed.AllowCertificateKeyHmac, changed.LegacyUploads, cancellationToken)
                .ConfigureAwait(false);
            _products[productId] = changed;
            return changed;
        });

    public Task<RegisteredDevice> CreateDeviceAsync(
        string productId, string deviceName, DeviceAuthMode authMode, string? certificatePem, string? importedPsk,
        CancellationToken cancellationToken) =>
        ChangeAsync(async () =>
        {
            _ = FindProduct(productId) ?? throw ProductNotFound(productId);
            if (!DeviceNamePattern().IsMatch(deviceName))
            {
                throw Invalid("deviceName must be 1 to 48 letters, digits, or any of '_', '-', '.', ':', '@'.");
            }

            // As a URL path segment these mean "this folder" and "the parent": such a device could never be addressed.
            if (deviceName is "." or "..")
            {
                throw Invalid("deviceName cannot be '.' or '..'.");
            }

            string? psk = null;
            string? certificate = null;
            if (authMode == DeviceAuthMode.Key)
            {
                psk = importedPsk ?? DeviceCredentials.NewPsk();
                if (!DeviceCredentials.IsUsablePsk(psk))
                {
                    throw Invalid("psk must be Base64 text of 8 to 64 bytes, as Tencent issues them (the SDKs decode it for MQTT).");
                }
            }
            else if (importedPsk is not null)
            {
                throw Invalid("A cert device has no psk; it signs with its certificate.");
            }
            else
            {
                certificate = certificatePem ?? throw Invalid("A cert device needs its certificate, PEM-encoded.");
                ParseCertificate(certificate);
            }

            var created = await store.CreateDeviceAsync(
                new NewDevice(productId, deviceName, authMode, psk, certificate, time.GetUtcNow()), cancellationToken).ConfigureAwait(false)
                ?? throw new DeviceRegistryException(RegistryError.Conflict, $"Device '{productId}/{deviceName}' exists already.");
            var registered = Register(created, null);
            _devices[(productId, deviceName)] = registered;
            return registered;
        });

    public async Task<Device> SetEnabledAsync(string productId, string deviceName, bool enabled, CancellationToken cancellationToken)
    {
        var device = await UpdateDeviceAsync(productId, deviceName, device => device with { Enabled = enabled },
            () => store.SetDeviceEnabledAsync(productId, deviceName, enabled, cancellationToken)).ConfigureAwait(false);
        DeviceChanged?.Invoke(new DeviceChange(productId, deviceName, enabled ? DeviceChangeKind.Enabled : DeviceChangeKind.Disabled));
        return device;
    }

    public Task<Device> SetDeviceLevelAsync(
        string productId, string deviceName, DeviceLogLevel? level, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (expiresAt is not null && (level is null || expiresAt <= time.GetUtcNow()))
        {
            throw Invalid("expiresAt must lie in the future, and goes with a level.");
        }

        return UpdateDeviceAsync(productId, deviceName, device => device with { LogLevel = level, LevelExpiresAt = expiresAt },
            () => store.SetDeviceLevelAsync(productId, deviceName, level, expiresAt, cancellationToken),
            raiseLevelChange: true);
    }

    public async Task DeleteDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken)
    {
        await ChangeAsync(async () =>
        {
            if (!await store.DeleteDeviceAsync(productId, deviceName, cancellationToken).ConfigureAwait(false))
            {
                throw DeviceNotFound(productId, deviceName);
            }

            _devices.TryRemove((productId, deviceName), out _);
            return true;
        }).ConfigureAwait(false);
        DeviceChanged?.Invoke(new DeviceChange(productId, deviceName, DeviceChangeKind.Deleted));
    }

    private void Raise(List<LevelChange> levelChanges, List<DeviceChange> deviceChanges)
    {
        foreach (var change in deviceChanges)
        {
            DeviceChanged?.Invoke(change);
        }

        foreach (var change in levelChanges)
        {
            LevelChanged?.Invoke(change);
        }
    }

    private Task<Device> UpdateDeviceAsync(
        string productId, string deviceName, Func<Device, Device> change, Func<Task<bool>> write, bool raiseLevelChange = false) =>
        ChangeAsync(async () =>
        {
            if (!TryGetDevice(productId, deviceName, out var registered) || !await write().ConfigureAwait(false))
            {
                throw DeviceNotFound(productId, deviceName);
            }

            var device = change(registered.Device);
            _devices[(productId, deviceName)] = registered with { Device = device };
            if (raiseLevelChange)
            {
                LevelChanged?.Invoke(new LevelChange(productId, deviceName));
            }

            return device;
        });

    private async Task<T> ChangeAsync<T>(Func<Task<T>> change)
    {
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }


    private static DeviceSecret ParseCertificate(string pem)
    {
        try
        {
            return DeviceSecret.ForCertificate(pem);
        }
        catch (FormatException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static DeviceRegistryException Invalid(string message) => new(RegistryError.Invalid, message);

    private static DeviceRegistryException ProductNotFound(string productId) =>
        new(RegistryError.NotFound, $"Product '{productId}' does not exist.");

    private static DeviceRegistryException DeviceNotFound(string productId, string deviceName) =>
        new(RegistryError.NotFound, $"Device '{productId}/{deviceName}' does not exist.");

    // \A and \z, not ^ and $: "$" also matches before a final "\n", which would let "name\n" through.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,32}\z")]
    private static partial Regex ProductIdPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_.:@-]{1,48}\z")]
    private static partial Regex DeviceNamePattern();
}
