namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>Every test that needs PostgreSQL shares one cluster, started once for the run; each class makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
