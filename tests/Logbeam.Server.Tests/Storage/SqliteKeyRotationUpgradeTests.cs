using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>A SQLite file from before key rotation is upgraded in place: its devices stay, and can be rotated.</summary>
public sealed class SqliteKeyRotationUpgradeTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _directory = TempDirectory.Create("logbeam-upgrade");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDirectory.Delete(_directory);
    }

    [Fact]
    public async Task ADatabaseWithoutPreviousKeys_IsUpgraded_AndItsDevicesRotate()
    {
        var first = new SqliteDeviceStore(Open());
        await first.CreateProductAsync(new Product("P1", "Upgrade", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None);
        var device = (await first.CreateDeviceAsync(new NewDevice("P1", "d1", DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None))!;

        // Put the file back to the schema before key rotation (step 5): undo it and the steps after it.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "logbeam.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "ALTER TABLE devices DROP COLUMN previous_psk; ALTER TABLE devices DROP COLUMN previous_key_expires_at; " +
                "ALTER TABLE devices DROP COLUMN previous_key_last_used_at; DROP TABLE device_refusals; DROP TABLE device_contacts; " +
                "PRAGMA user_version=4;";
            command.ExecuteNonQuery();
        }

        var upgraded = new SqliteDeviceStore(Open());
        var read = (await upgraded.GetDeviceAsync("P1", "d1", None))!;
        Assert.Equal(device.Psk, read.Psk);
        Assert.Null(read.PreviousKey);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds());
        Assert.True(await upgraded.SetDeviceKeysAsync("P1", "d1", device.Psk!, "bmV3LWtleS1uZXcta2V5", new PreviousKey(device.Psk, expires, null), None));
        Assert.Equal(expires, (await upgraded.GetDeviceAsync("P1", "d1", None))!.PreviousKey!.ExpiresAt);
    }

    private SqliteDatabase Open()
    {
        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
        database.Initialize();
        return database;
    }
}
