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

    /// <summary>
    /// Opens a group commit that the writer fills while uploads arrive. A store that can write rows before the commit
    /// does so, and the commit itself is then short; by default the batches are collected and given to
    /// <see cref="AppendAsync"/> at commit. Only one is open at a time.
    /// </summary>
    Task<ILogAppendTransaction> BeginAppendAsync(CancellationToken cancellationToken) =>
        Task.FromResult<ILogAppendTransaction>(new CollectedAppend(this));

    /// <summary>Lines matching <paramref name="query"/>, newest first (oldest first with <see cref="LogQuery.AfterId"/>).</summary>
    Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Lines of one product counted per minute and level, for the console's chart.
    /// </summary>
    /// <remarks>
    /// Counts every line of <paramref name="productId"/> (devices deleted since included, as <see cref="QueryAsync"/> does)
    /// whose receive time is in [<paramref name="since"/>, <paramref name="until"/>). A line belongs to the UTC minute
    /// that holds its receive time: <c>floor(receivedAtUnixMs / 60000) * 60000</c>. Only minutes and levels that have
    /// lines are returned (no zero rows), ordered by minute, then level. An unknown product gives an empty list.
    /// Callers keep the window short (the API allows at most a day).
    /// </remarks>
    Task<IReadOnlyList<MinuteLevelCount>> CountPerMinuteAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>
    /// Lines of each device of one product received in [<paramref name="since"/>, <paramref name="until"/>), counted by level.
    /// </summary>
    /// <remarks>
    /// Grouped by device name, so a device deleted and created again under the same name counts as one (as a query by
    /// <c>DeviceName</c> finds both). Only devices and levels that have lines are returned (no zero rows), ordered by
    /// device name (ordinal), then level. An unknown product gives an empty list.
    /// </remarks>
    Task<IReadOnlyList<DeviceLevelCount>> CountPerDeviceAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}
