namespace Logbeam.Server.Storage;

/// <summary>
/// One group commit being built: the writer adds uploads as they arrive, and they are committed together at
/// <see cref="CommitAsync"/>, all or none. Disposing it without committing discards what was added.
/// </summary>
public interface ILogAppendTransaction : IAsyncDisposable
{
    /// <summary>Adds an upload; a batch whose <see cref="LogBatch.BatchId"/> the device committed before is skipped.</summary>
    ValueTask AddAsync(LogBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Commits every added batch. Readers see them when this returns; they are durable when
    /// <see cref="LogCommit.Durable"/> completes, and only then may an upload be acknowledged.
    /// </summary>
    Task<LogCommit> CommitAsync(CancellationToken cancellationToken);
}
