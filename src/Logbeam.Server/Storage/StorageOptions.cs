namespace Logbeam.Server.Storage;

/// <summary>Where and how lines are stored (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Which engine: <c>Sqlite</c> (one file) or <c>Postgres</c> (several nodes on one database). The default value is <c>Sqlite</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The folder that holds everything the default install writes. The default value is <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// SQLite <c>synchronous</c> mode. <c>Full</c> makes a commit survive power loss, not only a process crash.
    /// The default value is <c>Full</c>.
    /// </summary>
    public string Synchronous { get; set; } = "Full";

    /// <summary>
    /// The Npgsql connection string when <see cref="Provider"/> is <c>Postgres</c>, e.g.
    /// <c>Host=db;Database=logbeam;Username=logbeam;Password=…</c>. The default value is <c>null</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Lines older than this many days are removed, checked every hour: PostgreSQL drops whole day partitions, SQLite
    /// deletes old ranges in batches. <c>0</c> keeps everything. The default value is <c>0</c>.
    /// </summary>
    public int RetentionDays { get; set; }
}
