using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// Retention on the SQLite file: old lines go a few thousand at a time, each chunk its own short transaction, so the
/// writer never waits long behind it. Each chunk's transaction spans the database and the index file:
/// SQLite commits WAL files one after the other, so a crash between them leaves index entries without a line, which
/// searches never show (they join the index to the lines), or lines no longer found by text, which were expiring.
/// The device entries of the lines go too (<see cref="SqliteLineIndexer"/>).
/// </summary>
public sealed class SqliteRetention(SqliteDatabase database) : ILogRetention
{
    // Lines per transaction: a chunk deletes in a few milliseconds, so a group commit waits at most that long behind it.
    private const int Chunk = 5000;

    public async Task<long> RemoveBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var before = cutoff.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        database.AttachIndexFile(connection);
        await ExecuteAsync(connection, null, "CREATE TEMP TABLE IF NOT EXISTS doomed(id INTEGER PRIMARY KEY)", before, cancellationToken)
            .ConfigureAwait(false);
        long removed = 0;
        while (true)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DELETE FROM doomed", before, cancellationToken).ConfigureAwait(false);
            var lines = await ExecuteAsync(connection, transaction,
                $"INSERT INTO doomed(id) SELECT id FROM lines WHERE received_at < $before ORDER BY received_at LIMIT {Chunk}",
                before, cancellationToken).ConfigureAwait(false);
            if (lines > 0)
            {
                // A contentless FTS5 index forgets a row only when told its text, and only a row it holds: the lines
                // past the index's mark are not in it (and, gone, never will be).
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO fts.lines_fts(lines_fts, rowid, text) SELECT 'delete', l.id, l.text FROM lines l JOIN doomed d ON d.id = l.id " +
                    "WHERE l.id <= (SELECT upto FROM fts.indexed)",
                    before, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction,
                    "DELETE FROM fts.device_lines WHERE (device_id, line_id) IN (SELECT l.device_id, l.id FROM lines l JOIN doomed d ON d.id = l.id)",
                    before, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "DELETE FROM lines WHERE id IN (SELECT id FROM doomed)", before, cancellationToken)
                    .ConfigureAwait(false);
            }

            // A request row shares its lines' receive time: once they are gone, so is it (and its batch id with it).
            var requests = await ExecuteAsync(connection, transaction,
                $"DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE received_at < $before LIMIT {Chunk})",
                before, cancellationToken).ConfigureAwait(false);
            // So are the line ranges those uploads carried (their lines are what the gaps are counted against).
            requests += await ExecuteAsync(connection, transaction,
                $"DELETE FROM line_ranges WHERE rowid IN (SELECT rowid FROM line_ranges WHERE received_at < $before LIMIT {Chunk})",
                before, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            removed += lines;
            if (lines < Chunk && requests < Chunk)
            {
                return removed;
            }
        }
    }

    private static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, long before, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$before", before);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
