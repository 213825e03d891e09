using Logbeam.Server.Ingest;

namespace Logbeam.Server.Tests.Ingest;

public sealed class RequestIdsTests
{
    [Fact]
    public void RequestIds_AreGuids_AndNoTwoAlike_EvenFromManyThreads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                ids.Add(RequestIds.Next());
            }
        });

        Assert.Equal(80_000, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids.Take(100), id => Assert.True(Guid.TryParseExact(id, "D", out _), id));
    }
}
