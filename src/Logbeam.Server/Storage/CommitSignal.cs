namespace Logbeam.Server.Storage;

/// <summary>
/// Tells waiters that new lines were committed. Live tails wait on it and then read forward from their own
/// cursor, so one signal serves every filter; a store shared by several nodes raises it for their commits too.
/// </summary>
public sealed class CommitSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit (or when cancelled).</summary>
    public Task NextAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    public void Raise() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
