using Logbeam.Server.Devices;

namespace Logbeam.Server.Tests.Storage;

/// <summary>Key rotation in the store: the keys change only from the expected PSK; the previous key's last use only grows.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task DeviceKeys_ReplacedOnlyFromTheExpectedPsk_WithThePreviousKey()
    {
        var (productId, device) = await NewDeviceAsync("rotating");
        Assert.Null(device.PreviousKey);
        var expires = Millis(DateTimeOffset.UtcNow.AddHours(24));

        Assert.True(await Stores.Devices.SetDeviceKeysAsync(
            productId, "rotating", device.Psk!, "bmV3LWtleS1uZXcta2V5", new PreviousKey(device.Psk, expires, null), None));

        var read = (await Stores.Devices.GetDeviceAsync(productId, "rotating", None))!;
        Assert.Equal("bmV3LWtleS1uZXcta2V5", read.Psk);
        Assert.Equal(device.Psk, read.PreviousKey!.Psk);
        Assert.Equal(expires, Millis(read.PreviousKey.ExpiresAt));
        Assert.Null(read.PreviousKey.LastUsedAt);
        Assert.Contains(await Stores.Devices.ListDevicesAsync(productId, None), d => d.PreviousKey?.Psk == device.Psk);

        // Not from a PSK it no longer has (another node rotated first), nor for a device that is not there.
        Assert.False(await Stores.Devices.SetDeviceKeysAsync(productId, "rotating", device.Psk!, "b3RoZXItb3RoZXI=", null, None));
        Assert.False(await Stores.Devices.SetDeviceKeysAsync(productId, "nobody", device.Psk!, "b3RoZXItb3RoZXI=", null, None));
        Assert.Equal("bmV3LWtleS1uZXcta2V5", (await Stores.Devices.GetDeviceAsync(productId, "rotating", None))!.Psk);

        // Ending the overlap: the key is forgotten, its expiry and last use stay.
        var used = Millis(DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(await Stores.Devices.SetDeviceKeysAsync(
            productId, "rotating", "bmV3LWtleS1uZXcta2V5", "bmV3LWtleS1uZXcta2V5", new PreviousKey(null, Millis(DateTimeOffset.UtcNow), used), None));
        read = (await Stores.Devices.GetDeviceAsync(productId, "rotating", None))!;
        Assert.Null(read.PreviousKey!.Psk);
        Assert.Equal(used, Millis(read.PreviousKey.LastUsedAt!.Value));

        // And with no previous key at all.
        Assert.True(await Stores.Devices.SetDeviceKeysAsync(productId, "rotating", "bmV3LWtleS1uZXcta2V5", "dGhpcmQta2V5LXRoaXJk", null, None));
        Assert.Null((await Stores.Devices.GetDeviceAsync(productId, "rotating", None))!.PreviousKey);
    }

    [Fact]
    public async Task PreviousKeyUse_OnlyGrows_AndOnlyWhereThereIsAPreviousKey()
    {
        var productId = await NewProductAsync();
        var rotated = await NewDeviceInAsync(productId, "rotated");
        var plain = await NewDeviceInAsync(productId, "plain");
        await Stores.Devices.SetDeviceKeysAsync(
            productId, "rotated", rotated.Psk!, "bmV3LWtleS1uZXcta2V5", new PreviousKey(rotated.Psk, DateTimeOffset.UtcNow.AddHours(1), null), None);
        var later = Millis(DateTimeOffset.UtcNow);
        var earlier = later.AddMinutes(-5);

        await Stores.Devices.RecordPreviousKeyUseAsync([new PreviousKeyUse(rotated.Id, later), new PreviousKeyUse(plain.Id, later)], None);
        await Stores.Devices.RecordPreviousKeyUseAsync([new PreviousKeyUse(rotated.Id, earlier)], None);
        await Stores.Devices.RecordPreviousKeyUseAsync([], None);

        Assert.Equal(later, Millis((await Stores.Devices.GetDeviceAsync(productId, "rotated", None))!.PreviousKey!.LastUsedAt!.Value));
        Assert.Null((await Stores.Devices.GetDeviceAsync(productId, "plain", None))!.PreviousKey);
    }
}
