using Logbeam.Protocol;

namespace Logbeam.Server.Devices;

/// <summary>
/// Products and devices, as the <see cref="DeviceRegistry"/> persists them. Every method is safe to call concurrently.
/// Each store in Storage implements it: the contract lives with the records it holds, so Storage depends on Devices
/// and never the other way.
/// </summary>
public interface IDeviceStore
{
    Task<bool> CreateProductAsync(Product product, CancellationToken cancellationToken);

    Task<Product?> GetProductAsync(string productId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken);

    Task<bool> SetProductDefaultLevelAsync(string productId, DeviceLogLevel level, CancellationToken cancellationToken);

    /// <summary>Sets a product's upload rules (<see cref="Product.AllowCertificateKeyHmac"/>, <see cref="Product.LegacyUploads"/>).</summary>
    Task<bool> SetProductUploadRulesAsync(string productId, bool allowCertificateKeyHmac, bool legacyUploads, CancellationToken cancellationToken);

    /// <summary>Registers a device; <c>null</c> when one of that name exists already.</summary>
    Task<Device?> CreateDeviceAsync(NewDevice device, CancellationToken cancellationToken);

    Task<Device?> GetDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Device>> ListDevicesAsync(string? productId, CancellationToken cancellationToken);

    Task<bool> SetDeviceEnabledAsync(string productId, string deviceName, bool enabled, CancellationToken cancellationToken);

    /// <summary>Removes a device from the registry; its stored lines stay readable.</summary>
    Task<bool> DeleteDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken);

    /// <summary>Sets (or, with a null level, clears) a device's own level and its expiry.</summary>
    Task<bool> SetDeviceLevelAsync(string productId, string deviceName, DeviceLogLevel? level, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a key device's PSK and its previous key (null: none), provided its PSK is still
    /// <paramref name="expectedPsk"/>; false when it is not, or the device does not exist.
    /// </summary>
    Task<bool> SetDeviceKeysAsync(
        string productId, string deviceName, string expectedPsk, string psk, PreviousKey? previous, CancellationToken cancellationToken);

    /// <summary>
    /// Raises the recorded last use of devices' previous keys to the given times (never lowers it). Bookkeeping only:
    /// other nodes are not told.
    /// </summary>
    Task RecordPreviousKeyUseAsync(IReadOnlyList<PreviousKeyUse> uses, CancellationToken cancellationToken);
}
