using System.Text.Json;
using Logbeam.Server.Devices;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// A rotation is stored: it survives a restart, with the old key's last use, which is written back in batches rather
/// than per upload; an ended overlap leaves no old key in the store.
/// </summary>
public sealed class KeyRotationPersistenceTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private IDeviceStore Store => server.Services.GetRequiredService<IDeviceStore>();

    private DeviceRegistry Registry => server.Services.GetRequiredService<DeviceRegistry>();

    [Fact]
    public async Task Rotation_AndTheOldKeysLastUse_SurviveARestart()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        var rotated = await KeyRotation.RotateAsync(server.Admin, productId, "d", overlapSeconds: 3600);
        var newPsk = rotated.GetProperty("psk").GetString()!;
        var expiresAt = rotated.GetProperty("device").GetProperty("previousKey").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", oldPsk));
        var used = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").GetProperty("lastUsedAt").GetDateTimeOffset();

        await server.RestartAsync();

        var previous = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey");
        Assert.Equal(expiresAt.ToUnixTimeMilliseconds(), previous.GetProperty("expiresAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(used.ToUnixTimeMilliseconds(), previous.GetProperty("lastUsedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(previous.GetProperty("active").GetBoolean());
        await KeyRotation.AssertKeyAsync(server, productId, "d", oldPsk, accepted: true);
        await KeyRotation.AssertKeyAsync(server, productId, "d", newPsk, accepted: true);
    }

    [Fact]
    public async Task LastUse_IsKeptInMemory_AndWrittenInOneFlush()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        await KeyRotation.RotateAsync(server.Admin, productId, "d");
        await Registry.FlushPreviousKeyUseAsync(CancellationToken.None);

        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", oldPsk));
        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", oldPsk));

        // Shown at once, but not yet written: no database write per upload.
        var shown = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").GetProperty("lastUsedAt");
        Assert.Equal(JsonValueKind.String, shown.ValueKind);
        Assert.Null((await Store.GetDeviceAsync(productId, "d", CancellationToken.None))!.PreviousKey!.LastUsedAt);

        await Registry.FlushPreviousKeyUseAsync(CancellationToken.None);

        var stored = (await Store.GetDeviceAsync(productId, "d", CancellationToken.None))!.PreviousKey!;
        Assert.Equal(shown.GetDateTimeOffset().ToUnixTimeMilliseconds(), stored.LastUsedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(oldPsk, stored.Psk);
    }

    [Fact]
    public async Task EndedOrExpiredOverlap_LeavesNoOldKeyInTheStore()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "ended");
        await server.CreateKeyDeviceAsync(productId, "expired");
        await KeyRotation.RotateAsync(server.Admin, productId, "ended");
        var rotated = await KeyRotation.RotateAsync(server.Admin, productId, "expired", overlapSeconds: 1);
        var newPsk = rotated.GetProperty("psk").GetString()!;

        using var ended = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/ended/previous-key");
        ended.EnsureSuccessStatusCode();
        await KeyRotation.WaitUntilOverlapEndsAsync(server.Admin, productId, "expired");
        await Registry.FlushPreviousKeyUseAsync(CancellationToken.None);

        foreach (var name in new[] { "ended", "expired" })
        {
            var stored = (await Store.GetDeviceAsync(productId, name, CancellationToken.None))!;
            Assert.NotNull(stored.PreviousKey);
            Assert.Null(stored.PreviousKey.Psk);
            Assert.True(stored.PreviousKey.ExpiresAt <= DateTimeOffset.UtcNow);
        }

        Assert.Equal(newPsk, (await Store.GetDeviceAsync(productId, "expired", CancellationToken.None))!.Psk);
        Assert.False((await LevelsApi.DeviceAsync(server.Admin, productId, "expired")).GetProperty("previousKey").GetProperty("active").GetBoolean());
    }
}
