using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary><see cref="IDeviceStore"/> on the SQLite file.</summary>
public sealed class SqliteDeviceStore(SqliteDatabase database) : IDeviceStore
{
    private const string DeviceColumns =
        "id, product_id, device_name, auth_mode, psk, certificate, enabled, log_level, level_expires_at, created_at, " +
        "previous_psk, previous_key_expires_at, previous_key_last_used_at";

    public async Task<bool> CreateProductAsync(Product product, CancellationToken cancellationToken)
    {
        var rows = await ExecuteAsync(
            "INSERT INTO products(product_id, name, default_level, created_at, allow_certificate_key_hmac, legacy_uploads) " +
            "VALUES($id, $name, $level, $created, $certHmac, $legacy) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("$id", product.ProductId), ("$name", product.Name), ("$level", (int)product.DefaultLogLevel),
            ("$created", product.CreatedAt.ToUnixTimeMilliseconds()),
            ("$certHmac", product.AllowCertificateKeyHmac ? 1 : 0), ("$legacy", product.LegacyUploads ? 1 : 0)).ConfigureAwait(false);
        return rows == 1;
    }

    public async Task<Product?> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        var products = await QueryProductsAsync("WHERE product_id = $id", cancellationToken, ("$id", productId)).ConfigureAwait(false);
        return products.Count == 0 ? null : products[0];
    }

    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken) =>
        QueryProductsAsync("ORDER BY product_id", cancellationToken);

    public async Task<bool> SetProductDefaultLevelAsync(string productId, DeviceLogLevel level, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE products SET default_level = $level WHERE product_id = $id",
            cancellationToken, ("$id", productId), ("$level", (int)level)).ConfigureAwait(false) == 1;

    public async Task<bool> SetProductUploadRulesAsync(
        string productId, bool allowCertificateKeyHmac, bool legacyUploads, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE products SET allow_certificate_key_hmac = $certHmac, legacy_uploads = $legacy WHERE product_id = $id",
            cancellationToken, ("$id", productId), ("$certHmac", allowCertificateKeyHmac ? 1 : 0), ("$legacy", legacyUploads ? 1 : 0))
            .ConfigureAwait(false) == 1;

    public async Task<Device?> CreateDeviceAsync(NewDevice device, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO devices(product_id, device_name, auth_mode, psk, certificate, enabled, created_at) " +
            "VALUES($pid, $dn, $mode, $psk, $cert, 1, $created) ON CONFLICT DO NOTHING RETURNING id";
        Bind(command, ("$pid", device.ProductId), ("$dn", device.DeviceName), ("$mode", (int)device.AuthMode),
            ("$psk", device.Psk), ("$cert", device.Certificate), ("$created", device.CreatedAt.ToUnixTimeMilliseconds()));
        var id = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return id is long deviceId
            ? new Device(deviceId, device.ProductId, device.DeviceName, device.AuthMode, device.Psk, device.Certificate,
                Enabled: true, LogLevel: null, LevelExpiresAt: null, device.CreatedAt)
            : null;
    }

    public async Task<Device?> GetDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken)
    {
        var devices = await QueryDevicesAsync(
            "AND product_id = $pid AND device_name = $dn", cancellationToken, ("$pid", productId), ("$dn", deviceName)).ConfigureAwait(false);
        return devices.Count == 0 ? null : devices[0];
    }

    public Task<IReadOnlyList<Device>> ListDevicesAsync(string? productId, CancellationToken cancellationToken) =>
        productId is null
            ? QueryDevicesAsync("ORDER BY product_id, device_name", cancellationToken)
            : QueryDevicesAsync("AND product_id = $pid ORDER BY device_name", cancellationToken, ("$pid", productId));

    public async Task<bool> SetDeviceEnabledAsync(string productId, string deviceName, bool enabled, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE devices SET enabled = $enabled WHERE product_id = $pid AND device_name = $dn AND deleted_at IS NULL",
            cancellationToken, ("$pid", productId), ("$dn", deviceName), ("$enabled", enabled ? 1 : 0)).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE devices SET deleted_at = $now, enabled = 0 WHERE product_id = $pid AND device_name = $dn AND deleted_at IS NULL",
            cancellationToken, ("$pid", productId), ("$dn", deviceName),
            ("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1;

    public async Task<bool> SetDeviceLevelAsync(
        string productId, string deviceName, DeviceLogLevel? level, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE devices SET log_level = $level, level_expires_at = $expires WHERE product_id = $pid AND device_name = $dn AND deleted_at IS NULL",
            cancellationToken, ("$pid", productId), ("$dn", deviceName), ("$level", level is null ? null : (int)level.Value),
            ("$expires", expiresAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1;

    public async Task<bool> SetDeviceKeysAsync(
        string productId, string deviceName, string expectedPsk, string psk, PreviousKey? previous, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            "UPDATE devices SET psk = $psk, previous_psk = $prev, previous_key_expires_at = $expires, previous_key_last_used_at = $used " +
            "WHERE product_id = $pid AND device_name = $dn AND deleted_at IS NULL AND psk = $expected",
            cancellationToken, ("$pid", productId), ("$dn", deviceName), ("$expected", expectedPsk), ("$psk", psk),
            ("$prev", previous?.Psk), ("$expires", previous?.ExpiresAt.ToUnixTimeMilliseconds()),
            ("$used", previous?.LastUsedAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false) == 1;

    public async Task RecordPreviousKeyUseAsync(IReadOnlyList<PreviousKeyUse> uses, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "UPDATE devices SET previous_key_last_used_at = MAX(COALESCE(previous_key_last_used_at, 0), $used) " +
            "WHERE id = $id AND previous_key_expires_at IS NOT NULL";
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var used = command.Parameters.Add("$used", SqliteType.Integer);
        foreach (var use in uses)
        {
            id.Value = use.DeviceId;
            used.Value = use.LastUsedAt.ToUnixTimeMilliseconds();
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Product>> QueryProductsAsync(
        string tail, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT product_id, name, default_level, created_at, allow_certificate_key_hmac, legacy_uploads FROM products " + tail;
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            products.Add(new Product(reader.GetString(0), reader.GetString(1), (DeviceLogLevel)reader.GetInt32(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt32(4) != 0, reader.GetInt32(5) != 0));
        }

        return products;
    }

    private async Task<IReadOnlyList<Device>> QueryDevicesAsync(
        string tail, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {DeviceColumns} FROM devices WHERE deleted_at IS NULL " + tail;
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var devices = new List<Device>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new Device(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (DeviceAuthMode)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetInt32(6) != 0,
                reader.IsDBNull(7) ? null : (DeviceLogLevel)reader.GetInt32(7),
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)))
            {
                PreviousKey = reader.IsDBNull(11) ? null : new PreviousKey(
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                    reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12))),
            });
        }

        return devices;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
