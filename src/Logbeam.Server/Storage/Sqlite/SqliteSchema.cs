using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The schema of the database file (<c>logbeam.db</c>), as numbered steps (<see cref="SqliteMigrations"/>). A change
/// to the schema is a new step at the end; a step once shipped is never edited.
/// </summary>
internal static class SqliteSchema
{
    // Devices are interned to integer ids; a request row carries what all its lines share
    // (request id, batch id), so a line stays small. Line ids grow with commit order, which makes
    // "newest first" an index walk backwards and the id a stable cursor.
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE products(
            product_id    TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            default_level INTEGER NOT NULL,
            created_at    INTEGER NOT NULL);
        CREATE TABLE devices(
            id               INTEGER PRIMARY KEY,
            product_id       TEXT NOT NULL REFERENCES products(product_id),
            device_name      TEXT NOT NULL,
            auth_mode        INTEGER NOT NULL,
            psk              TEXT,
            certificate      TEXT,
            enabled          INTEGER NOT NULL DEFAULT 1,
            log_level        INTEGER,
            level_expires_at INTEGER,
            created_at       INTEGER NOT NULL,
            deleted_at       INTEGER);
        CREATE UNIQUE INDEX ux_devices_live ON devices(product_id, device_name) WHERE deleted_at IS NULL;
        CREATE TABLE requests(
            id          INTEGER PRIMARY KEY,
            request_id  TEXT NOT NULL,
            device_id   INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            batch_id    TEXT);
        CREATE UNIQUE INDEX ux_requests_batch ON requests(device_id, batch_id) WHERE batch_id IS NOT NULL;
        CREATE TABLE lines(
            id          INTEGER PRIMARY KEY,
            device_id   INTEGER NOT NULL,
            request     INTEGER NOT NULL,
            level       INTEGER NOT NULL,
            device_time INTEGER,
            received_at INTEGER NOT NULL,
            tag         TEXT,
            text        TEXT NOT NULL);
        CREATE INDEX ix_lines_device ON lines(device_id);
        CREATE INDEX ix_lines_received ON lines(received_at);
        CREATE VIRTUAL TABLE lines_fts USING fts5(text, content='lines', content_rowid='id');
        """,
        """
        CREATE INDEX ix_devices_name ON devices(product_id, device_name);
        """,
        // The full-text index moved to a file of its own, kept by a thread of its own (SqliteLineIndexer), which
        // indexes the existing lines again from the start.
        """
        DROP TABLE lines_fts;
        """,

        // Per-product upload rules; existing products keep what they had (legacy frames on), except that certificate
        // devices' HMAC with the public certificate key is off until allowed.
        """
        ALTER TABLE products ADD COLUMN allow_certificate_key_hmac INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE products ADD COLUMN legacy_uploads INTEGER NOT NULL DEFAULT 1;
        """,

        // Key rotation: the previous PSK, accepted until its expiry, and its last use.
        """
        ALTER TABLE devices ADD COLUMN previous_psk TEXT;
        ALTER TABLE devices ADD COLUMN previous_key_expires_at INTEGER;
        ALTER TABLE devices ADD COLUMN previous_key_last_used_at INTEGER;
        """,

        // The device index moved to the index file (SqliteIndexFileSchema, step 1, which fills it from the lines; that
        // runs after this file's steps, so it reads the lines without this index, once). Until this step, every start
        // dropped it again.
        """
        DROP INDEX IF EXISTS ix_lines_device;
        """,

        // Device activity (Accounting): refusals counted by device, reason and hour, and each device's last contacts
        // and clock offset, kept across restarts. New tables only, so the step may run again on a file put back to an
        // earlier version (as tests do).
        """
        CREATE TABLE IF NOT EXISTS device_refusals(
            device_id INTEGER NOT NULL,
            code      TEXT NOT NULL,
            hour      INTEGER NOT NULL,
            refused   INTEGER NOT NULL,
            last_at   INTEGER NOT NULL,
            detail    TEXT NOT NULL,
            PRIMARY KEY (device_id, code, hour)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_device_refusals_hour ON device_refusals(hour);
        CREATE TABLE IF NOT EXISTS device_contacts(
            device_id         INTEGER PRIMARY KEY,
            last_connect      INTEGER,
            last_disconnect   INTEGER,
            last_upload       INTEGER,
            last_refused      INTEGER,
            clock_offset      REAL,
            clock_measured_at INTEGER,
            time_synced_at    INTEGER);
        """,

        // Line ranges (Accounting): where each upload that said so stands in its device's stream of lines, written in
        // the commit of its lines, so that a range is stored exactly when its lines are.
        """
        CREATE TABLE IF NOT EXISTS line_ranges(
            device_id        INTEGER NOT NULL,
            boot_id          TEXT NOT NULL,
            first_line       INTEGER NOT NULL,
            lines            INTEGER NOT NULL,
            received_at      INTEGER NOT NULL,
            dropped_buffer   INTEGER NOT NULL,
            dropped_spool    INTEGER NOT NULL,
            dropped_shutdown INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_line_ranges_device ON line_ranges(device_id, boot_id, first_line);
        CREATE INDEX IF NOT EXISTS ix_line_ranges_received ON line_ranges(received_at);
        """,
    ];

    /// <summary>The schema version this code brings a database to.</summary>
    public static int Version => Steps.Length;

    /// <summary>Brings the database to <paramref name="upTo"/> (tests make databases of earlier versions), or to the latest.</summary>
    /// <returns>How many steps ran.</returns>
    public static int Apply(SqliteConnection connection, int upTo = int.MaxValue)
    {
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        return SqliteMigrations.Apply(connection, Steps, upTo);
    }
}
