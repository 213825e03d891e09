namespace Logbeam.Server.Storage;

/// <summary>
/// The group commit of a store that writes everything at once: the batches are collected and handed to
/// <see cref="ILogStore.AppendAsync"/> at commit.
/// </summary>
internal sealed class CollectedAppend(ILogStore store) : ILogAppendTransaction
{
    private readonly List<LogBatch> _batches = [];

    public ValueTask AddAsync(LogBatch batch, CancellationToken cancellationToken)
    {
        _batches.Add(batch);
        return ValueTask.CompletedTask;
    }

    public async Task<LogCommit> CommitAsync(CancellationToken cancellationToken) =>
        LogCommit.AlreadyDurable(await store.AppendAsync(_batches, cancellationToken).ConfigureAwait(false));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
