using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Postgres;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>A PostgreSQL database from before key rotation is upgraded in place: its devices stay, and can be rotated.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresKeyRotationUpgradeTests(PostgresCluster cluster)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ADatabaseWithoutPreviousKeys_IsUpgraded_AndItsDevicesRotate()
    {
        var options = Options.Create(new StorageOptions { ConnectionString = await cluster.CreateDatabaseAsync() });
        Device device;
        await using (var first = new PostgresDatabase(options, NullLoggerFactory.Instance))
        {
            await first.InitializeAsync(None);
            var store = new PostgresDeviceStore(first);
            await store.CreateProductAsync(new Product("P1", "Upgrade", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None);
            device = (await store.CreateDeviceAsync(new NewDevice("P1", "d1", DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None))!;

            // Put the database back to the schema before key rotation (step 4): undo it and the steps after it.
            await using var command = first.DataSource.CreateCommand(
                "ALTER TABLE devices DROP COLUMN previous_psk, DROP COLUMN previous_key_expires_at, DROP COLUMN previous_key_last_used_at; " +
                "DROP TABLE device_refusals, device_contacts; UPDATE logbeam_schema SET version = 3");
            await command.ExecuteNonQueryAsync();
        }

        await using var upgraded = new PostgresDatabase(options, NullLoggerFactory.Instance);
        Assert.Equal(PostgresSchema.Version - 3, await upgraded.InitializeAsync(None));
        var devices = new PostgresDeviceStore(upgraded);
        var read = (await devices.GetDeviceAsync("P1", "d1", None))!;
        Assert.Equal(device.Psk, read.Psk);
        Assert.Null(read.PreviousKey);
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        Assert.True(await devices.SetDeviceKeysAsync("P1", "d1", device.Psk!, "bmV3LWtleS1uZXcta2V5", new PreviousKey(device.Psk, expires, null), None));
        Assert.Equal(expires.ToUnixTimeMilliseconds(), (await devices.GetDeviceAsync("P1", "d1", None))!.PreviousKey!.ExpiresAt.ToUnixTimeMilliseconds());
    }
}
