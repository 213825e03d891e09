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

    // Room for a typical upload's lines from the start; a larger one grows the list, which then stays grown in the pool.
    private const int InitialCapacity = 64;

    public override List<LogLine> Create() => new(InitialCapacity);

    public override bool Return(List<LogLine> obj)
    {
        obj.Clear();
        return obj.Capacity <= MaxRetainedCapacity;
    }
}
