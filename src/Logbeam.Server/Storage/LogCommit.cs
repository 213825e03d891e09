namespace Logbeam.Server.Storage;

/// <summary>
/// A commit that readers already see. <see cref="Durable"/> completes once it is on stable storage: at once for a
/// store whose commit is itself durable, later for one that syncs behind its commits (<see cref="Sqlite.WalSync"/>),
/// so that the next group can be written while this one is synced.
/// </summary>
/// <param name="Lines">How many lines were written.</param>
/// <param name="Durable">Completes when the commit would survive a power loss; faults if it might not.</param>
public readonly record struct LogCommit(int Lines, Task Durable)
{
    /// <summary>A commit that was durable when it returned.</summary>
    public static LogCommit AlreadyDurable(int lines) => new(lines, Task.CompletedTask);
}
