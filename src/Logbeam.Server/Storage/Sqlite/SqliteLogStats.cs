using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>The aggregations behind the console's chart and device list: walks <c>ix_lines_received</c> over the window.</summary>
internal static class SqliteLogStats
{
    public static void BindPerMinute(SqliteCommand command, string productId, DateTimeOffset since, DateTimeOffset until)
    {
        command.CommandText =
            $"SELECT l.received_at / {MinuteLevelCount.MillisecondsPerMinute} AS minute, l.level, COUNT(*) FROM lines l " +
            "WHERE l.received_at >= $since AND l.received_at < $until " +
            "AND l.device_id IN (SELECT id FROM devices WHERE product_id = $pid) " +
            "GROUP BY minute, l.level ORDER BY minute, l.level";
        Bind(command, productId, since, until);
    }

    public static void BindPerDevice(SqliteCommand command, string productId, DateTimeOffset since, DateTimeOffset until)
    {
        command.CommandText =
            "SELECT d.device_name, c.level, SUM(c.n) FROM " +
            "(SELECT l.device_id, l.level, COUNT(*) AS n FROM lines l " +
            " WHERE l.received_at >= $since AND l.received_at < $until " +
            " AND l.device_id IN (SELECT id FROM devices WHERE product_id = $pid) " +
            " GROUP BY l.device_id, l.level) c " +
            "JOIN devices d ON d.id = c.device_id " +
            "GROUP BY d.device_name, c.level ORDER BY d.device_name, c.level";
        Bind(command, productId, since, until);
    }

    private static void Bind(SqliteCommand command, string productId, DateTimeOffset since, DateTimeOffset until)
    {
        command.Parameters.AddWithValue("$pid", productId);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$until", until.ToUnixTimeMilliseconds());
    }
}
