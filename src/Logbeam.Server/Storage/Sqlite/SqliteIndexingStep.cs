using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The indexing steps of <see cref="SqliteLineIndexer"/> on one connection to the index file: each indexes the next
/// lines after the mark and moves the mark, in one transaction.
/// </summary>
internal sealed class SqliteIndexingStep : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _upTo;
    private readonly SqliteCommand _last;
    private readonly SqliteCommand _index;
    private readonly SqliteCommand _mark;

    public SqliteIndexingStep(SqliteConnection connection)
    {
        _connection = connection;
        _upTo = Command("UPDATE indexed SET upto = upto RETURNING upto");
        IndexedUpTo = (long)_upTo.ExecuteScalar()!;
        _last = Command($"SELECT max(id), count(*) FROM (SELECT id FROM src.lines WHERE id > $from ORDER BY id LIMIT {SqliteLineIndexer.LinesPerStep})");
        // OR IGNORE: after the full-text index was emptied to be built again, the device entries are still there.
        _index = Command(
            "INSERT INTO lines_fts(rowid, text) SELECT id, text FROM src.lines WHERE id > $from AND id <= $to; " +
            "INSERT OR IGNORE INTO device_lines(device_id, line_id) " +
            "SELECT device_id, id FROM src.lines WHERE id > $from AND id <= $to ORDER BY device_id, id;");
        _mark = Command("UPDATE indexed SET upto = $to");
    }

    public long IndexedUpTo { get; private set; }

    /// <summary>Whether the last step indexed every line committed when it began.</summary>
    public bool ReachedTheEnd { get; private set; }

    /// <returns>The new mark, or null when there was nothing to index.</returns>
    public long? Next()
    {
        // A deferred transaction whose first statement writes the index's file takes that file's write lock only
        // (BEGIN IMMEDIATE would take the database's too, and stop the writer). A second store on the same files
        // (a tool, a test) then indexes after this one, from the mark this one left, not twice.
        using var transaction = _connection.BeginTransaction(deferred: true);
        _upTo.Transaction = _last.Transaction = _index.Transaction = _mark.Transaction = transaction;
        IndexedUpTo = (long)_upTo.ExecuteScalar()!;
        _last.Parameters["$from"].Value = IndexedUpTo;
        long to;
        using (var reader = _last.ExecuteReader())
        {
            reader.Read();
            if (reader.IsDBNull(0))
            {
                ReachedTheEnd = true;
                return null;
            }

            to = reader.GetInt64(0);
            ReachedTheEnd = reader.GetInt64(1) < SqliteLineIndexer.LinesPerStep;
        }

        _index.Parameters["$from"].Value = IndexedUpTo;
        _index.Parameters["$to"].Value = to;
        _index.ExecuteNonQuery();
        _mark.Parameters["$to"].Value = to;
        _mark.ExecuteNonQuery();
        transaction.Commit();
        IndexedUpTo = to;
        return to;
    }

    public void Dispose()
    {
        _upTo.Dispose();
        _last.Dispose();
        _index.Dispose();
        _mark.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$from", "$to" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = 0L });
            }
        }

        return command;
    }
}
