namespace Logbeam.Server.Storage;

/// <summary>
/// Whether the writer's last commit went through. A store can answer reads while every commit fails (a full disk), so
/// <see cref="StorageHealthCheck"/> reports this too; the next commit that succeeds clears it.
/// </summary>
public sealed class CommitHealth
{
    private Failure? _failure;

    /// <summary>Why the last commit failed and since when, or null when it succeeded (or none was made yet).</summary>
    public Failure? LastFailure => Volatile.Read(ref _failure);

    public void Failed(Exception exception, DateTimeOffset at)
    {
        // Keep the time of the first failure in a run of them: "failing since".
        var since = Volatile.Read(ref _failure)?.Since ?? at;
        Volatile.Write(ref _failure, new Failure(exception, since));
    }

    public void Succeeded() => Volatile.Write(ref _failure, null);

    /// <summary>A failed commit: its exception, and when the run of failures began.</summary>
    public sealed record Failure(Exception Exception, DateTimeOffset Since);
}
