using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.ScaleOut;

/// <summary>Two Logbeam nodes on one fresh PostgreSQL database, as behind a load balancer: the fixture of the scale-out tests.</summary>
public abstract class TwoNodes(PostgresCluster cluster) : IAsyncLifetime
{
    protected PostgresNode A { get; private set; } = null!;

    protected PostgresNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        A = new PostgresNode(connectionString);
        B = new PostgresNode(connectionString);
        await Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}
