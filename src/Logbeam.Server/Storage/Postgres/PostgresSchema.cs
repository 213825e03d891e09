using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// The schema, as numbered steps recorded in <c>logbeam_schema</c>: each step runs once, in order, in its own
/// transaction, under a session advisory lock, so several nodes starting at once apply it exactly once (the others
/// wait, then find it done). A change to the schema is a new step at the end; a step once shipped is never edited.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Advisory lock keys, one per kind of exclusive work; "Logbeam" in the high bytes keeps them apart from others'.</summary>
    public const long MigrationLock = 0x4C6F_6762_6561_6D01;

    public const long AppendLock = 0x4C6F_6762_6561_6D02;

    public const long PartitionLock = 0x4C6F_6762_6561_6D03;

    // Lines carry their device's interned id and their request id (a uuid, 16 bytes) directly: with lines partitioned
    // by day, a separate requests table would need the partition key in every join. Batch ids live in their own small
    // table whose primary key is the exactly-once memory for every node. Line ids come from one sequence and are
    // taken under AppendLock, so they grow in commit order across nodes: the live tail's "after id" never skips a
    // line that commits late. Full text: a GIN index over the words of the text, chosen over pg_trgm by measurement
    // (docs/scale-out.md). Every ASCII character but letters and digits separates words, as in SQLite's unicode61
    // tokenizer, before the text-search parser sees it; the ranges are spelt out because [[:alnum:]] depends on the
    // database's locale (in C it knows only ASCII, and would strip Chinese text).
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE products(
            product_id    text PRIMARY KEY,
            name          text NOT NULL,
            default_level smallint NOT NULL,
            created_at    timestamptz NOT NULL);
        CREATE TABLE devices(
            id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            product_id       text NOT NULL REFERENCES products(product_id),
            device_name      text NOT NULL,
            auth_mode        smallint NOT NULL,
            psk              text,
            certificate      text,
            enabled          boolean NOT NULL DEFAULT true,
            log_level        smallint,
            level_expires_at timestamptz,
            created_at       timestamptz NOT NULL,
            deleted_at       timestamptz);
        CREATE UNIQUE INDEX ux_devices_live ON devices(product_id, device_name) WHERE deleted_at IS NULL;
        CREATE TABLE batches(
            device_id   bigint NOT NULL,
            batch_id    text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (device_id, batch_id));
        CREATE INDEX ix_batches_received ON batches(received_at);
        CREATE TABLE nonces(
            device_id  bigint NOT NULL,
            ts         bigint NOT NULL,
            nonce      bigint NOT NULL,
            expires_at timestamptz NOT NULL,
            PRIMARY KEY (device_id, ts, nonce));
        CREATE INDEX ix_nonces_expires ON nonces(expires_at);
        CREATE FUNCTION lines_words(text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN to_tsvector('simple'::regconfig, regexp_replace($1, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
        CREATE FUNCTION words_phrase(text) RETURNS tsquery
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN phraseto_tsquery('simple'::regconfig, regexp_replace($1, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
        CREATE SEQUENCE lines_id_seq;
        CREATE TABLE lines(
            id          bigint NOT NULL DEFAULT nextval('lines_id_seq'),
            device_id   bigint NOT NULL,
            level       smallint NOT NULL,
            device_time timestamp,
            received_at timestamptz NOT NULL,
            tag         text,
            text        text NOT NULL,
            request_id  uuid NOT NULL)
            PARTITION BY RANGE (received_at);
        CREATE INDEX ix_lines_id ON lines(id);
        CREATE INDEX ix_lines_device ON lines(device_id, id);
        CREATE INDEX ix_lines_received ON lines USING brin(received_at);
        CREATE INDEX ix_lines_words ON lines USING gin(lines_words(text));
        """,

        // Version 2: spaces are no longer in the class that regexp_replace rewrites. Every space already separates words
        // as it is, and rewriting each space of a line to a space cost about a fifth of a COPY's time; the words, their
        // positions and so every index entry come out the same (a space between two words and a run of separators both
        // end a word, and the parser numbers words, not separators), so the existing indexes stay valid as they are.
        """
        CREATE OR REPLACE FUNCTION lines_words(text) RETURNS tsvector
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN to_tsvector('simple'::regconfig, regexp_replace($1, '[\x01-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
        CREATE OR REPLACE FUNCTION words_phrase(text) RETURNS tsquery
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            RETURN phraseto_tsquery('simple'::regconfig, regexp_replace($1, '[\x01-\x1f\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
        """,

        // Version 3: per-product upload rules; existing products keep legacy frames on, and certificate devices' HMAC
        // with the public certificate key is off until allowed.
        """
        ALTER TABLE products
            ADD COLUMN allow_certificate_key_hmac boolean NOT NULL DEFAULT false,
            ADD COLUMN legacy_uploads boolean NOT NULL DEFAULT true;
        """,

        // Version 4: key rotation. The previous PSK, accepted until its expiry, and its last use.
        """
        ALTER TABLE devices
            ADD COLUMN previous_psk text,
            ADD COLUMN previous_key_expires_at timestamptz,
            ADD COLUMN previous_key_last_used_at timestamptz;
        """,

        // Version 5: device activity (Accounting). Refusals counted by device, reason and hour, each node adding what it
        // saw; each device's last contacts and clock offset, the later of each time winning.
        """
        CREATE TABLE IF NOT EXISTS device_refusals(
            device_id bigint NOT NULL,
            code      text NOT NULL,
            hour      bigint NOT NULL,
            refused   bigint NOT NULL,
            last_at   timestamptz NOT NULL,
            detail    text NOT NULL,
            PRIMARY KEY (device_id, code, hour));
        CREATE INDEX IF NOT EXISTS ix_device_refusals_hour ON device_refusals(hour);
        CREATE TABLE IF NOT EXISTS device_contacts(
            device_id         bigint PRIMARY KEY,
            last_connect      timestamptz,
            last_disconnect   timestamptz,
            last_upload       timestamptz,
            last_refused      timestamptz,
            clock_offset      double precision,
            clock_measured_at timestamptz,
            time_synced_at    timestamptz);
        """,

        // Version 6: line ranges (Accounting): where each upload that said so stands in its device's stream of lines,
        // written in the commit of its lines.
        """
        CREATE TABLE IF NOT EXISTS line_ranges(
            device_id        bigint NOT NULL,
            boot_id          text NOT NULL,
            first_line       bigint NOT NULL,
            lines            integer NOT NULL,
            received_at      timestamptz NOT NULL,
            dropped_buffer   bigint NOT NULL,
            dropped_spool    bigint NOT NULL,
            dropped_shutdown bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_line_ranges_device ON line_ranges(device_id, boot_id, first_line);
        CREATE INDEX IF NOT EXISTS ix_line_ranges_received ON line_ranges(received_at);
        """,
    ];

    /// <summary>The schema version this code brings a database to.</summary>
    public static int Version => Steps.Length;

    /// <summary>Brings the database to <paramref name="upTo"/> (tests make databases of earlier versions), or to the latest.</summary>
    /// <returns>How many steps this call ran (another node starting at the same time may have run the others).</returns>
    public static async Task<int> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, int upTo = int.MaxValue)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLock})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS logbeam_schema(version integer NOT NULL)", cancellationToken)
                .ConfigureAwait(false);
            await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM logbeam_schema", connection);
            var current = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            var applied = 0;
            for (var step = current; step < Math.Min(Steps.Length, upTo); step++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, Steps[step], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, $"DELETE FROM logbeam_schema; INSERT INTO logbeam_schema VALUES ({step + 1})", cancellationToken)
                    .ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied++;
            }

            return applied;
        }
        finally
        {
            // Not cancellable: the lock is the session's, and the connection goes back to the pool with it otherwise.
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
