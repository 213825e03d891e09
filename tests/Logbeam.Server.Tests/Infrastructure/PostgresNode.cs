namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>One Logbeam node, in process, on a shared PostgreSQL database, with its own embedded broker.</summary>
public sealed class PostgresNode(string connectionString) : LogbeamServer(new Dictionary<string, string?>
{
    ["Storage:Provider"] = "Postgres",
    ["Storage:ConnectionString"] = connectionString,
});
