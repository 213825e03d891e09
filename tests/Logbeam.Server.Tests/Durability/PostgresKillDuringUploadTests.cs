using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Durability;

/// <summary>
/// On PostgreSQL, a node killed hard mid-upload loses no line it acknowledged: another node on the same database
/// reads every one of them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresKillDuringUploadTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-kill-pg");

    [Fact]
    public async Task SigkillOneNodeWhileDevicesUpload_AnotherNodeReadsEveryAcknowledgedLine()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        string[] postgres = ["--Storage:Provider", "Postgres", "--Storage:ConnectionString", connectionString, "--Mqtt:Mode", "Disabled"];
        await KillDuringUpload.RunAsync(
            "KILLTESTPG",
            () => ServerProcess.StartAsync(_dataDirectory, postgres),
            () => ServerProcess.StartAsync(_dataDirectory, postgres));
    }

    public void Dispose() => TempDirectory.Delete(_dataDirectory);
}
