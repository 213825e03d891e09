using Logbeam.Protocol;
using Microsoft.Extensions.ObjectPool;

namespace Logbeam.Server.Ingest;

/// <summary>
/// Line lists are reused between uploads once their commit is done, so parsing allocates nothing per line but the
/// stored strings (bench/results/micro-allocations.md). A list grown by an unusually large upload is dropped.
/// </summary>
internal sealed class LineListPolicy : PooledObjectPolicy<List<LogLine>>
{
    private const int MaxRetainedCapacity = 4096;

    public override List<LogLine> Create() => new(64);

    public override bool Return(List<LogLine> obj)
    {
        obj.Clear();
        return obj.Capacity <= MaxRetainedCapacity;
    }
}
