using System.Globalization;

namespace Logbeam.Bench.Common;

/// <summary>
/// The bench's PostgreSQL: the shared throw-away cluster, durable as shipped (<c>fsync</c>, <c>synchronous_commit</c> and
/// <c>full_page_writes</c> stay on), with only the sizes a production server would also raise changed (<see cref="Settings"/>).
/// </summary>
public static class BenchPostgres
{
    /// <summary>
    /// Memory and checkpoint spacing for a write-heavy server on this machine. The stock 1 GB <c>max_wal_size</c> forces
    /// a checkpoint every few seconds at these rates, and every page then pays a full-page image in the WAL again.
    /// </summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        "max_connections=300", "shared_buffers=1GB", "max_wal_size=8GB", "checkpoint_timeout=15min", "wal_buffers=64MB",
    ];

    public static Task<PostgresCluster> StartAsync() => PostgresCluster.StartAsync(Settings);

    /// <summary>
    /// CPU seconds used so far by the whole server: the postmaster, every live backend and background process, and
    /// (through the postmaster's reaped-children counters) every backend that has already exited.
    /// </summary>
    public static double CpuSeconds(PostgresCluster cluster)
    {
        var postmaster = cluster.PostmasterProcessId;
        var total = ProcStat.CpuSeconds(postmaster, includeReapedChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                pid != postmaster && ProcStat.ParentOf(pid) == postmaster)
            {
                total += ProcStat.CpuSeconds(pid, includeReapedChildren: true);
            }
        }

        return total;
    }
}
