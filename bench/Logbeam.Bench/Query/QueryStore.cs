using System.Diagnostics;
using System.Text;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Bench.Query;

/// <summary>
/// A deterministic store of <c>lines</c> log lines over <c>devices</c> devices, built through the server's own schema
/// and cached in the temp folder by seed and size so re-runs reuse it. Bulk load: one big transaction per
/// 500,000 rows, the <c>lines</c> indexes dropped during the load and recreated from their own definitions, and
/// the full-text and device indexes built in one pass; then the file is put back in WAL mode as the server runs it.
/// </summary>
internal static class QueryStore
{
    public const string ProductId = "QUERYPROD1";

    /// <summary>Appears in about one line in 100,000.</summary>
    public const string RareWord = "xylophone";

    /// <summary>Appears in about one line in four.</summary>
    public const string CommonWord = "connection";

    /// <summary>The first line's receive time; lines are spread evenly over <see cref="Span"/>.</summary>
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Span = TimeSpan.FromDays(10);

    // Bump when the generated data changes, so an old cached file is not reused.
    private const int GeneratorVersion = 3; // 2: the full-text index in its own file; 3: the device index there too

    private const int LinesPerRequest = 50;

    private static readonly string[] Words =
    [
        "sensor", "reading", "temperature", "humidity", "mqtt", "publish", "retry", "timeout", "battery", "voltage",
        "firmware", "update", "checksum", "packet", "queue", "flush", "worker", "socket", "buffer", "heap", "stack",
        "watchdog", "reset", "uplink", "downlink", "gateway", "signal", "rssi", "channel", "ok", "failed", "started",
        "stopped", "value", "threshold", "alarm", "cleared", "sample", "interval", "storage", "flash", "write", "read",
    ];

    private static readonly string[] Tags = ["app", "net", "mqtt", "ota", "sensor", "power", "storage", "main"];

    public static string DataDirectory(long lines, int devices, int seed) =>
        Path.Combine(Path.GetTempPath(), "logbeam-bench", $"query-v{GeneratorVersion}-s{seed}-n{lines}-d{devices}");

    /// <summary>The data directory holding the built store; builds it first when it is not cached.</summary>
    public static string Ensure(long lines, int devices, int seed)
    {
        var directory = DataDirectory(lines, devices, seed);
        var complete = Path.Combine(directory, "complete");
        if (File.Exists(complete))
        {
            Console.WriteLine($"using cached store {directory}");
            return directory;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Console.WriteLine($"building {lines:N0} lines over {devices:N0} devices (seed {seed}) in {directory} ...");
        var clock = Stopwatch.StartNew();
        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory }));
        database.Initialize();
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={database.FilePath};Pooling=False"))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY;");
            Load(connection, lines, devices, seed, clock);
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }

        // The full-text and device indexes, in their own file, in one pass (the server's indexer would do it in steps).
        using (var textIndex = database.OpenIndexFile())
        {
            Execute(textIndex, "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;");
            Execute(textIndex, "BEGIN; INSERT INTO lines_fts(rowid, text) SELECT id, text FROM src.lines; " +
                "INSERT INTO device_lines(device_id, line_id) SELECT device_id, id FROM src.lines ORDER BY device_id, id; " +
                "UPDATE indexed SET upto = (SELECT max(id) FROM src.lines); COMMIT;");
            Execute(textIndex, "INSERT INTO lines_fts(lines_fts) VALUES('optimize')");
            Console.WriteLine($"  full-text and device indexes built, {clock.Elapsed.TotalSeconds:F0} s");
        }

        File.WriteAllText(complete, $"built in {clock.Elapsed.TotalSeconds:F0} s\n");
        Console.WriteLine($"built in {clock.Elapsed.TotalSeconds:F0} s, {new FileInfo(database.FilePath).Length / 1024.0 / 1024.0:N0} MiB");
        return directory;
    }

    private static void Load(SqliteConnection connection, long lines, int devices, int seed, Stopwatch clock)
    {
        var random = new Random(seed);
        var created = Start.ToUnixTimeMilliseconds();
        using (var transaction = connection.BeginTransaction())
        {
            Execute(connection, $"INSERT INTO products(product_id, name, default_level, created_at) VALUES('{ProductId}', 'query bench', 3, {created})");
            using var device = Prepare(connection, "INSERT INTO devices(id, product_id, device_name, auth_mode, psk, created_at) VALUES($id, $pid, $dn, 0, $psk, $at)", "$id", "$pid", "$dn", "$psk", "$at");
            for (var d = 1; d <= devices; d++)
            {
                Bind(device, d, ProductId, DeviceName(d), "cXVlcnliZW5jaHBzazEyMzQ1", created);
                device.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var indexes = new List<string>();
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lines' AND sql IS NOT NULL";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add(reader.GetString(1));
                Console.WriteLine($"  index during load: dropping {reader.GetString(0)}");
            }
        }

        foreach (var sql in indexes)
        {
            Execute(connection, "DROP INDEX " + sql.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
        }

        using var request = Prepare(connection, "INSERT INTO requests(id, request_id, device_id, received_at) VALUES($id, $rid, $dev, $at)", "$id", "$rid", "$dev", "$at");
        using var line = Prepare(connection,
            "INSERT INTO lines(id, device_id, request, level, device_time, received_at, tag, text) VALUES($id, $dev, $req, $lvl, $dt, $at, $tag, $text)",
            "$id", "$dev", "$req", "$lvl", "$dt", "$at", "$tag", "$text");
        var step = Span.TotalMilliseconds / lines;
        var text = new StringBuilder(160);
        var transactionRows = 0;
        var tx = connection.BeginTransaction();
        request.Transaction = tx;
        line.Transaction = tx;
        long requestId = 0, deviceId = 0;
        for (long id = 1; id <= lines; id++)
        {
            var receivedAt = created + (long)((id - 1) * step);
            if ((id - 1) % LinesPerRequest == 0)
            {
                requestId++;
                deviceId = random.Next(1, devices + 1);
                Bind(request, requestId, $"00000000-0000-4000-8000-{requestId:D12}", deviceId, receivedAt);
                request.ExecuteNonQuery();
            }

            Bind(line, id, deviceId, requestId, Level(random), receivedAt - random.Next(0, 2000), receivedAt, Tags[random.Next(Tags.Length)], Text(random, text));
            line.ExecuteNonQuery();
            if (++transactionRows == 500_000)
            {
                tx.Commit();
                tx.Dispose();
                tx = connection.BeginTransaction();
                request.Transaction = tx;
                line.Transaction = tx;
                transactionRows = 0;
                Console.WriteLine($"  {id:N0} lines, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        tx.Commit();
        tx.Dispose();
        foreach (var sql in indexes)
        {
            Execute(connection, sql);
        }

        Console.WriteLine($"  indexes rebuilt, {clock.Elapsed.TotalSeconds:F0} s");
    }

    public static string DeviceName(long id) => $"dev{id - 1:D5}";

    // Wire codes: 1 ERROR 5 %, 2 WARN 15 %, 3 INFO 40 %, 4 DEBUG 40 %.
    private static int Level(Random random) => random.Next(100) switch
    {
        < 5 => 1,
        < 20 => 2,
        < 60 => 3,
        _ => 4,
    };

    private static string Text(Random random, StringBuilder text)
    {
        text.Clear();
        if (random.Next(4) == 0)
        {
            text.Append(CommonWord).Append(' ');
        }

        if (random.Next(100_000) == 0)
        {
            text.Append(RareWord).Append(' ');
        }

        while (text.Length < 90)
        {
            text.Append(Words[random.Next(Words.Length)]).Append(' ');
            if (random.Next(6) == 0)
            {
                text.Append(random.Next(100_000)).Append(' ');
            }
        }

        return text.ToString(0, text.Length - 1);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
