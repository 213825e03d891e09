using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Postgres;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The shared replay cache, which sends the claims that wait at the same time in one insert: each nonce is still
/// accepted exactly once, by one request, on one node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresNonceCacheTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly TimeSpan Memory = TimeSpan.FromMinutes(21);

    private readonly List<PostgresDatabase> _databases = [];

    [Fact]
    public async Task ClaimsAtOnce_EachNonceAcceptedOnce_OnWhicheverNode_AndDuplicatesInOneGroupRefused()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var nodes = new[] { await NodeAsync(connectionString), await NodeAsync(connectionString) };

        // 300 nonces, each claimed 4 times at once: twice through each node.
        var claims = Enumerable.Range(0, 300)
            .SelectMany(n => Enumerable.Range(0, 4).Select(copy => (Node: nodes[copy % 2], Nonce: (long)n)))
            .OrderBy(_ => Random.Shared.Next())
            .Select(c => Task.Run(async () => (c.Nonce, Accepted: await c.Node.TryAddAsync(1, 1_700_000_000, c.Nonce, Memory, CancellationToken.None))))
            .ToArray();
        var results = await Task.WhenAll(claims);

        Assert.All(results.GroupBy(r => r.Nonce), g => Assert.Equal(1, g.Count(r => r.Accepted)));
        Assert.False(await nodes[1].TryAddAsync(1, 1_700_000_000, 42, Memory, CancellationToken.None));
        Assert.True(await nodes[1].TryAddAsync(2, 1_700_000_000, 42, Memory, CancellationToken.None));
        Assert.True(await nodes[0].TryAddAsync(1, 1_700_000_001, 42, Memory, CancellationToken.None));
    }

    [Fact]
    public async Task RemovedOrExpiredNonce_CanBeClaimedAgain()
    {
        var cache = await NodeAsync(await cluster.CreateDatabaseAsync());

        Assert.True(await cache.TryAddAsync(7, 1_700_000_000, 1, Memory, CancellationToken.None));
        await cache.RemoveAsync(7, 1_700_000_000, 1, CancellationToken.None);
        Assert.True(await cache.TryAddAsync(7, 1_700_000_000, 1, Memory, CancellationToken.None));
        Assert.False(await cache.TryAddAsync(7, 1_700_000_000, 1, Memory, CancellationToken.None));

        Assert.True(await cache.TryAddAsync(7, 1_700_000_000, 2, TimeSpan.FromSeconds(-1), CancellationToken.None));
        Assert.True(await cache.TryAddAsync(7, 1_700_000_000, 2, Memory, CancellationToken.None));
        Assert.False(await cache.TryAddAsync(7, 1_700_000_000, 2, Memory, CancellationToken.None));
        Assert.Equal(0, await cache.SweepAsync(CancellationToken.None));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<PostgresNonceCache> NodeAsync(string connectionString)
    {
        var database = new PostgresDatabase(Options.Create(new StorageOptions { ConnectionString = connectionString }), NullLoggerFactory.Instance);
        _databases.Add(database);
        await database.InitializeAsync(CancellationToken.None);
        return new PostgresNonceCache(database, TimeProvider.System);
    }
}
