using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// <see cref="IDeviceStore"/> on PostgreSQL. Every change also sends a <c>NOTIFY</c> in its transaction, so the other
/// nodes refresh their in-memory registries (<see cref="PostgresNotifications"/>).
/// </summary>
public sealed class PostgresDeviceStore(PostgresDatabase database) : IDeviceStore
{
    private const string DeviceColumns =
        "id, product_id, device_name, auth_mode, psk, certificate, enabled, log_level, level_expires_at, created_at, " +
        "previous_psk, previous_key_expires_at, previous_key_last_used_at";

    public async Task<bool> CreateProductAsync(Product product, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "INSERT INTO products(product_id, name, default_level, created_at, allow_certificate_key_hmac, legacy_uploads) " +
            "VALUES(@id, @name, @level, @created, @certHmac, @legacy) ON CONFLICT DO NOTHING",
            RegistryNotice.ForProduct(database.NodeId, product.ProductId), cancellationToken,
            ("id", product.ProductId), ("name", product.Name), ("level", (short)product.DefaultLogLevel),
            ("created", product.CreatedAt.ToUniversalTime()),
            ("certHmac", product.AllowCertificateKeyHmac), ("legacy", product.LegacyUploads)).ConfigureAwait(false) == 1;

    public async Task<Product?> GetProductAsync(string productId, CancellationToken cancellationToken)
    {
        var products = await QueryProductsAsync("WHERE product_id = @id", cancellationToken, ("id", productId)).ConfigureAwait(false);
        return products.Count == 0 ? null : products[0];
    }

    public Task<IReadOnlyList<Product>> ListProductsAsync(CancellationToken cancellationToken) =>
        QueryProductsAsync("ORDER BY product_id", cancellationToken);

    public async Task<bool> SetProductDefaultLevelAsync(string productId, DeviceLogLevel level, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE products SET default_level = @level WHERE product_id = @id",
            RegistryNotice.ForProduct(database.NodeId, productId), cancellationToken,
            ("id", productId), ("level", (short)level)).ConfigureAwait(false) == 1;

    public async Task<bool> SetProductUploadRulesAsync(
        string productId, bool allowCertificateKeyHmac, bool legacyUploads, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE products SET allow_certificate_key_hmac = @certHmac, legacy_uploads = @legacy WHERE product_id = @id",
            RegistryNotice.ForProduct(database.NodeId, productId), cancellationToken,
            ("id", productId), ("certHmac", allowCertificateKeyHmac), ("legacy", legacyUploads)).ConfigureAwait(false) == 1;

    public async Task<Device?> CreateDeviceAsync(NewDevice device, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "INSERT INTO devices(product_id, device_name, auth_mode, psk, certificate, created_at) " +
            "VALUES(@pid, @dn, @mode, @psk, @cert, @created) ON CONFLICT DO NOTHING RETURNING id",
            connection, transaction);
        Bind(command, ("pid", device.ProductId), ("dn", device.DeviceName), ("mode", (short)device.AuthMode), ("psk", device.Psk),
            ("cert", device.Certificate), ("created", device.CreatedAt.ToUniversalTime()));
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not long id)
        {
            return null;
        }

        await NotifyAsync(connection, transaction, RegistryNotice.ForDevice(database.NodeId, device.ProductId, device.DeviceName), cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new Device(id, device.ProductId, device.DeviceName, device.AuthMode, device.Psk, device.Certificate,
            Enabled: true, LogLevel: null, LevelExpiresAt: null, device.CreatedAt);
    }

    public async Task<Device?> GetDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken)
    {
        var devices = await QueryDevicesAsync(
            "AND product_id = @pid AND device_name = @dn", cancellationToken, ("pid", productId), ("dn", deviceName)).ConfigureAwait(false);
        return devices.Count == 0 ? null : devices[0];
    }

    public Task<IReadOnlyList<Device>> ListDevicesAsync(string? productId, CancellationToken cancellationToken) =>
        productId is null
            ? QueryDevicesAsync("ORDER BY product_id, device_name", cancellationToken)
            : QueryDevicesAsync("AND product_id = @pid ORDER BY device_name", cancellationToken, ("pid", productId));

    public async Task<bool> SetDeviceEnabledAsync(string productId, string deviceName, bool enabled, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE devices SET enabled = @enabled WHERE product_id = @pid AND device_name = @dn AND deleted_at IS NULL",
            RegistryNotice.ForDevice(database.NodeId, productId, deviceName), cancellationToken,
            ("pid", productId), ("dn", deviceName), ("enabled", enabled)).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteDeviceAsync(string productId, string deviceName, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE devices SET deleted_at = now(), enabled = false WHERE product_id = @pid AND device_name = @dn AND deleted_at IS NULL",
            RegistryNotice.ForDevice(database.NodeId, productId, deviceName), cancellationToken,
            ("pid", productId), ("dn", deviceName)).ConfigureAwait(false) == 1;

    public async Task<bool> SetDeviceLevelAsync(
        string productId, string deviceName, DeviceLogLevel? level, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE devices SET log_level = @level, level_expires_at = @expires WHERE product_id = @pid AND device_name = @dn AND deleted_at IS NULL",
            RegistryNotice.ForDevice(database.NodeId, productId, deviceName), cancellationToken,
            ("pid", productId), ("dn", deviceName), ("level", level is null ? null : (short)level.Value),
            ("expires", expiresAt?.ToUniversalTime())).ConfigureAwait(false) == 1;

    public async Task<bool> SetDeviceKeysAsync(
        string productId, string deviceName, string expectedPsk, string psk, PreviousKey? previous, CancellationToken cancellationToken) =>
        await ChangeAsync(
            "UPDATE devices SET psk = @psk, previous_psk = @prev, previous_key_expires_at = @expires, previous_key_last_used_at = @used " +
            "WHERE product_id = @pid AND device_name = @dn AND deleted_at IS NULL AND psk = @expected",
            RegistryNotice.ForDevice(database.NodeId, productId, deviceName), cancellationToken,
            ("pid", productId), ("dn", deviceName), ("expected", expectedPsk), ("psk", psk), ("prev", previous?.Psk),
            ("expires", previous?.ExpiresAt.ToUniversalTime()), ("used", previous?.LastUsedAt?.ToUniversalTime())).ConfigureAwait(false) == 1;

    public async Task RecordPreviousKeyUseAsync(IReadOnlyList<PreviousKeyUse> uses, CancellationToken cancellationToken)
    {
        if (uses.Count == 0)
        {
            return;
        }

        // One statement for the whole batch; GREATEST ignores a NULL, so a first use is written as it is.
        await using var command = database.DataSource.CreateCommand(
            "UPDATE devices d SET previous_key_last_used_at = GREATEST(d.previous_key_last_used_at, u.used) " +
            "FROM unnest(@ids, @used) AS u(id, used) WHERE d.id = u.id AND d.previous_key_expires_at IS NOT NULL");
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. uses.Select(u => u.DeviceId)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("used", [.. uses.Select(u => u.LastUsedAt.UtcDateTime)]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one change and, when it changed a row, its notification, in one transaction.</summary>
    private async Task<int> ChangeAsync(
        string sql, string notice, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        Bind(command, parameters);
        var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (rows > 0)
        {
            await NotifyAsync(connection, transaction, notice, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string notice, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @notice)", connection, transaction);
        notify.Parameters.AddWithValue("channel", PostgresNotifications.RegistryChannel);
        notify.Parameters.AddWithValue("notice", notice);
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<Product>> QueryProductsAsync(
        string tail, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT product_id, name, default_level, created_at, allow_certificate_key_hmac, legacy_uploads FROM products " + tail);
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var products = new List<Product>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            products.Add(new Product(reader.GetString(0), reader.GetString(1), (DeviceLogLevel)reader.GetInt16(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4), reader.GetBoolean(5)));
        }

        return products;
    }

    private async Task<IReadOnlyList<Device>> QueryDevicesAsync(
        string tail, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = database.DataSource.CreateCommand($"SELECT {DeviceColumns} FROM devices WHERE deleted_at IS NULL " + tail);
        Bind(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var devices = new List<Device>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            devices.Add(new Device(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (DeviceAuthMode)reader.GetInt16(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetBoolean(6),
                reader.IsDBNull(7) ? null : (DeviceLogLevel)reader.GetInt16(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.GetFieldValue<DateTimeOffset>(9))
            {
                PreviousKey = reader.IsDBNull(11) ? null : new PreviousKey(
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.GetFieldValue<DateTimeOffset>(11),
                    reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12)),
            });
        }

        return devices;
    }

    private static void Bind(NpgsqlCommand command, params (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is null
                ? new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Unknown) { Value = DBNull.Value }
                : new NpgsqlParameter(name, value));
        }
    }
}
