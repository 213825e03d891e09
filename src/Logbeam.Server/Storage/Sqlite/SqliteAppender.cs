using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>The write side: one connection, statements prepared once, one transaction per call.</summary>
internal sealed class SqliteAppender : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertRequest;
    private readonly SqliteCommand _insertLine;
    private readonly SqliteCommand _indexText;

    public SqliteAppender(SqliteConnection connection)
    {
        _connection = connection;
        _insertRequest = Prepare(
            "INSERT INTO requests(request_id, device_id, received_at, batch_id) VALUES($rid, $dev, $at, $batch) " +
            "ON CONFLICT DO NOTHING RETURNING id",
            "$rid", "$dev", "$at", "$batch");
        _insertLine = Prepare(
            "INSERT INTO lines(device_id, request, level, device_time, received_at, tag, text) VALUES($dev, $req, $lvl, $dt, $at, $tag, $text)",
            "$dev", "$req", "$lvl", "$dt", "$at", "$tag", "$text");
        // One statement indexes the whole commit's text: far cheaper than a row-by-row FTS insert.
        _indexText = Prepare(
            "INSERT INTO lines_fts(rowid, text) SELECT id, text FROM lines WHERE id > $from",
            "$from");
    }

    public int Append(IReadOnlyList<LogBatch> batches)
    {
        using var transaction = _connection.BeginTransaction();
        _insertRequest.Transaction = transaction;
        _insertLine.Transaction = transaction;
        _indexText.Transaction = transaction;
        var lastId = LastLineId(transaction);
        var written = 0;
        foreach (var batch in batches)
        {
            var receivedAt = batch.ReceivedAt.ToUnixTimeMilliseconds();
            _insertRequest.Parameters[0].Value = batch.RequestId;
            _insertRequest.Parameters[1].Value = batch.DeviceId;
            _insertRequest.Parameters[2].Value = receivedAt;
            _insertRequest.Parameters[3].Value = (object?)batch.BatchId ?? DBNull.Value;
            if (_insertRequest.ExecuteScalar() is not long requestRow)
            {
                continue; // this device committed this batch id before: exactly once
            }

            var p = _insertLine.Parameters;
            p[0].Value = batch.DeviceId;
            p[1].Value = requestRow;
            p[4].Value = receivedAt;
            foreach (var line in batch.Lines)
            {
                p[2].Value = (int)line.Level;
                p[3].Value = line.DeviceTime is { } deviceTime
                    ? new DateTimeOffset(DateTime.SpecifyKind(deviceTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds()
                    : DBNull.Value;
                p[5].Value = (object?)line.Tag ?? DBNull.Value;
                p[6].Value = line.Content;
                _insertLine.ExecuteNonQuery();
            }

            written += batch.Lines.Count;
        }

        if (written > 0)
        {
            _indexText.Parameters[0].Value = lastId;
            _indexText.ExecuteNonQuery();
        }

        transaction.Commit();
        return written;
    }

    public void Dispose()
    {
        _insertRequest.Dispose();
        _insertLine.Dispose();
        _indexText.Dispose();
        _connection.Dispose();
    }

    private long LastLineId(SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(id), 0) FROM lines";
        return (long)command.ExecuteScalar()!;
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
        }

        return command;
    }
}
