namespace Logbeam.Server.Storage;

/// <summary>Stored log lines. Appends come from the single <see cref="Ingest.LogWriter"/>; reads from anywhere.</summary>
public interface ILogStore
{
    /// <summary>
    /// Commits every batch in one transaction: all of them are durable when this returns, or none.
    /// A batch whose <see cref="LogBatch.BatchId"/> this device already committed is skipped (exactly-once uploads).
    /// </summary>
    /// <returns>How many lines were written.</returns>
    Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken);

    /// <summary>Lines matching <paramref name="query"/>, newest first (oldest first with <see cref="LogQuery.AfterId"/>).</summary>
    Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken);
}
