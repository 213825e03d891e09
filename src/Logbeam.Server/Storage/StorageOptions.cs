namespace Logbeam.Server.Storage;

/// <summary>Where and how lines are stored (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Which engine: <c>Sqlite</c>. The default value is <c>Sqlite</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>The folder that holds everything the default install writes. The default value is <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>
    /// SQLite <c>synchronous</c> mode. <c>Full</c> makes a commit survive power loss, not only a process crash.
    /// The default value is <c>Full</c>.
    /// </summary>
    public string Synchronous { get; set; } = "Full";
}
