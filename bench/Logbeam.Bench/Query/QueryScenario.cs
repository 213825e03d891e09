using Logbeam.Bench.Common;

namespace Logbeam.Bench.Query;

internal static class QueryScenario
{
    public static Task<int> RunAsync(BenchArgs args) => Task.FromResult(0);
}
