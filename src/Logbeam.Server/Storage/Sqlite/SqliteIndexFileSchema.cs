using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The schema of the index file (<c>logbeam-fts.db</c>, see <see cref="SqliteLineIndexer"/>), as numbered steps
/// (<see cref="SqliteMigrations"/>), applied on a connection that has the database file attached as <c>src</c>.
/// </summary>
internal static class SqliteIndexFileSchema
{
    private static readonly string[] Steps =
    [
        // The full-text index, the mark of the lines it holds, and the device index. A file made before the device
        // index (version 0, with the first two already there) holds the text of the lines up to its mark: their device
        // entries are copied from the lines here, the others come with the next indexing steps.
        """
        CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5(text, content='');
        CREATE TABLE IF NOT EXISTS indexed(upto INTEGER NOT NULL);
        INSERT INTO indexed(upto) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM indexed);
        CREATE TABLE device_lines(device_id INTEGER NOT NULL, line_id INTEGER NOT NULL, PRIMARY KEY(device_id, line_id)) WITHOUT ROWID;
        INSERT INTO device_lines(device_id, line_id) SELECT device_id, id FROM src.lines
            WHERE id <= (SELECT upto FROM indexed) ORDER BY device_id, id;
        """,
    ];

    /// <summary>The schema version this code brings an index file to.</summary>
    public static int Version => Steps.Length;

    /// <returns>How many steps ran.</returns>
    public static int Apply(SqliteConnection connection) => SqliteMigrations.Apply(connection, Steps);
}
