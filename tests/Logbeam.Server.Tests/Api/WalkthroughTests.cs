using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// The README's walkthrough as a newcomer runs it: <c>dotnet run --project src/Logbeam.Server</c> from a folder with no
/// data yet, then docs/walkthrough.sh with the key read from <c>data/admin.key</c>, as the README does.
/// </summary>
public sealed class WalkthroughTests : IDisposable
{
    private readonly string _folder = TempDirectory.Create("logbeam-newcomer");

    [Fact]
    public async Task Walkthrough_AfterDotnetRun_WithTheKeyFromDataAdminKey_UploadsASignedBatch_AndReadsItBack()
    {
        await using var server = await ServerProcess.DotnetRunAsync(_folder);
        Assert.True(File.Exists(Path.Combine(_folder, "data", "admin.key")), "the README reads data/admin.key, under the folder dotnet run ran in");

        await Walkthrough.RunAsync(_folder, "data/admin.key", server.BaseAddress);
    }

    public void Dispose() => TempDirectory.Delete(_folder);
}
