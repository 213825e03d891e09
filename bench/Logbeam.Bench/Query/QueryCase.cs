using Logbeam.Server.Storage;

namespace Logbeam.Bench.Query;

/// <summary>One kind of query, with the parameters of each of its iterations.</summary>
internal sealed record QueryCase(string Name, IReadOnlyList<LogQuery> Iterations)
{
    public static IReadOnlyList<QueryCase> All(int iterations, int devices, int seed)
    {
        var random = new Random(seed + 1);
        var hours = (int)QueryStore.Span.TotalHours;
        return
        [
            new("newest 100 of one device", Repeat(iterations, () => new LogQuery
            {
                ProductId = QueryStore.ProductId,
                DeviceName = QueryStore.DeviceName(random.Next(1, devices + 1)),
                Limit = 100,
            })),
            new("errors+warnings in a 1 h window", Repeat(iterations, () =>
            {
                var since = QueryStore.Start.AddHours(random.Next(0, hours - 1));
                return new LogQuery
                {
                    ProductId = QueryStore.ProductId,
                    MinLevel = Protocol.DeviceLogLevel.Error,
                    MaxLevel = Protocol.DeviceLogLevel.Warn,
                    Since = since,
                    Until = since.AddHours(1),
                    Limit = 100,
                };
            })),
            new($"full text, rare word '{QueryStore.RareWord}'", Repeat(iterations, () => new LogQuery
            {
                ProductId = QueryStore.ProductId,
                Text = QueryStore.RareWord,
                Limit = 100,
            })),
            new($"full text, common word '{QueryStore.CommonWord}', limit 100", Repeat(iterations, () => new LogQuery
            {
                ProductId = QueryStore.ProductId,
                Text = QueryStore.CommonWord,
                Limit = 100,
            })),
        ];
    }

    private static LogQuery[] Repeat(int count, Func<LogQuery> next) => [.. Enumerable.Range(0, count).Select(_ => next())];
}
