namespace Logbeam.Server.Storage;

/// <summary>
/// One group commit being built: the writer adds uploads as they arrive, and they become durable together at
/// <see cref="CommitAsync"/>, all or none. Disposing it without committing discards what was added.
/// </summary>
public interface ILogAppendTransaction : IAsyncDisposable
{
    /// <summary>Adds an upload; a batch whose <see cref="LogBatch.BatchId"/> the device committed before is skipped.</summary>
    ValueTask AddAsync(LogBatch batch, CancellationToken cancellationToken);

    /// <summary>Makes every added batch durable.</summary>
    /// <returns>How many lines were written.</returns>
    Task<int> CommitAsync(CancellationToken cancellationToken);
}
